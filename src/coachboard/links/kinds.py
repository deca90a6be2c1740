"""The four ways a record reaches another through the three junction tables, each seen from
its owner: an outcome's goals and sprints, a sprint's outcomes, a commitment's outcomes."""

from coachboard.commitments.models import CommitmentTargetLink
from coachboard.goals.models import ClientGoal
from coachboard.links.service import LinkKind
from coachboard.sprints.models import Sprint
from coachboard.targets.models import Target, TargetGoalLink, TargetSprintLink

TARGET_GOALS = LinkKind(
    link_model=TargetGoalLink,
    owner_column=TargetGoalLink.target_id,
    linked_column=TargetGoalLink.goal_id,
    linked_model=ClientGoal,
    field="goal_ids",
)
TARGET_SPRINTS = LinkKind(
    link_model=TargetSprintLink,
    owner_column=TargetSprintLink.target_id,
    linked_column=TargetSprintLink.sprint_id,
    linked_model=Sprint,
    field="sprint_ids",
)
# The outcome↔sprint table seen from the sprint (the legacy review links sprints this way).
SPRINT_TARGETS = LinkKind(
    link_model=TargetSprintLink,
    owner_column=TargetSprintLink.sprint_id,
    linked_column=TargetSprintLink.target_id,
    linked_model=Target,
    field="target_ids",
)
COMMITMENT_TARGETS = LinkKind(
    link_model=CommitmentTargetLink,
    owner_column=CommitmentTargetLink.commitment_id,
    linked_column=CommitmentTargetLink.target_id,
    linked_model=Target,
    field="target_ids",
)
