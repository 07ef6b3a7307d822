"""The sections of the meeting pack, one module each, in meeting order.

The notebook calls these and nothing else. A section reads its rpt_ models (the reports
layer holds every number, final) and renders them: it formats and draws, it does not
join, aggregate or divide. Every number shown is recorded for meeting-pack.json.
"""

from shared_funnel.sections.actions import actions
from shared_funnel.sections.base import SECTIONS, Pack, open_pack
from shared_funnel.sections.data_quality import data_quality
from shared_funnel.sections.feedback import feedback
from shared_funnel.sections.funnel import funnel
from shared_funnel.sections.glossary import glossary, save
from shared_funnel.sections.handoff import handoff
from shared_funnel.sections.marketing import marketing
from shared_funnel.sections.misalignment import misalignment
from shared_funnel.sections.moved import moved
from shared_funnel.sections.pipeline import pipeline
from shared_funnel.sections.revenue import revenue
from shared_funnel.sections.scorecard import scorecard
from shared_funnel.sections.summary import summary

__all__ = ["SECTIONS", "Pack", "open_pack", "summary", "moved", "actions", "scorecard",
           "funnel", "pipeline", "revenue", "marketing", "handoff", "feedback", "misalignment",
           "data_quality", "glossary", "save"]
