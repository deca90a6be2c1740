"""The four ways a record reaches another through the three junction tables, each seen from
its owner: an outcome's goals and sprints, a sprint's outcomes, a commitment's outcomes."""

from coachboard.links.service import LinkKind
from coachboard.models.links import CommitmentTargetLink, TargetGoalLink, TargetSprintLink

# More links than this on one record is a mistake, not a plan; it also bounds a request's cost.
MAX_LINKS = 500

_TARGET_GOAL = TargetGoalLink.__table__
_TARGET_SPRINT = TargetSprintLink.__table__
_COMMITMENT_TARGET = CommitmentTargetLink.__table__

TARGET_GOALS = LinkKind(_TARGET_GOAL, owner_key="target_id", linked_key="goal_id", field="goal_ids")
TARGET_SPRINTS = LinkKind(
    _TARGET_SPRINT, owner_key="target_id", linked_key="sprint_id", field="sprint_ids"
)
# The outcome↔sprint table seen from the sprint (the legacy review links sprints this way).
SPRINT_TARGETS = LinkKind(
    _TARGET_SPRINT, owner_key="sprint_id", linked_key="target_id", field="target_ids"
)
COMMITMENT_TARGETS = LinkKind(
    _COMMITMENT_TARGET, owner_key="commitment_id", linked_key="target_id", field="target_ids"
)

# Each junction table once (SPRINT_TARGETS is TARGET_SPRINTS seen from the other end).
JUNCTIONS = (TARGET_GOALS, TARGET_SPRINTS, COMMITMENT_TARGETS)
