"""The sample clients, as data: three coaching stories with dates relative to today."""

from dataclasses import dataclass, field

from coachboard.commitments.schemas import CommitmentStatus
from coachboard.goals.schemas import GoalStatus
from coachboard.sprints.schemas import SprintStatus
from coachboard.targets.schemas import TargetStatus

END_OF_WEEK = "end_of_week"  # a due date that is always in this week: the coming Sunday
Due = int | str | None  # days from today, END_OF_WEEK, or no due date


@dataclass(frozen=True)
class Goal:
    key: str
    title: str
    status: GoalStatus = GoalStatus.active
    in_days: int | None = None
    description: str = ""


@dataclass(frozen=True)
class Sprint:
    key: str
    title: str
    starts_in: int  # days from today; negative: started that many days ago
    weeks: int
    status: SprintStatus
    legacy_goal: str | None = None


@dataclass(frozen=True)
class SampleTarget:
    key: str
    title: str
    status: TargetStatus
    goals: tuple[str, ...]
    sprints: tuple[str, ...] = ()
    due: Due = None


@dataclass(frozen=True)
class Meeting:
    key: str
    days_ago: int
    title: str
    notes: str


@dataclass(frozen=True)
class Commitment:
    title: str
    due: Due
    sample_targets: tuple[str, ...]
    session: str | None = None
    status: CommitmentStatus = CommitmentStatus.open
    legacy_goal: str | None = None
    legacy_sprint: str | None = None


@dataclass(frozen=True)
class SampleClient:
    name: str
    email: str
    notes: str
    goals: list[Goal]
    sprints: list[Sprint]
    sample_targets: list[SampleTarget]
    meetings: list[Meeting]
    commitments: list[Commitment] = field(default_factory=list)


MAYA = SampleClient(
    name="Maya Okafor",
    email="maya.okafor@example.com",
    notes="Engineering manager, promoted to acting Director of Engineering in March. "
    "Wants to lead through others rather than by doing everything herself.",
    goals=[
        Goal("role", "Step into the Director of Engineering role", in_days=150),
        Goal("bench", "Build a leadership bench that runs without me", in_days=240),
        Goal("balance", "Keep evenings and weekends free", in_days=90),
    ],
    sprints=[
        Sprint("foundations", "Foundations", -63, 6, SprintStatus.completed),
        Sprint("delegation", "Delegation", -21, 6, SprintStatus.active),
        Sprint("strategy", "Strategy", 22, 6, SprintStatus.planned),
    ],
    sample_targets=[
        SampleTarget(
            "hire",
            "Two engineering managers hired",
            TargetStatus.in_progress,
            ("bench",),
            ("delegation", "strategy"),
            due=60,
        ),
        SampleTarget(
            "planning",
            "Team leads run sprint planning",
            TargetStatus.in_progress,
            ("bench", "role"),
            ("delegation",),
            due=14,
        ),
        SampleTarget(
            "strategy",
            "Platform strategy presented to the exec team",
            TargetStatus.not_started,
            ("role",),
            ("strategy",),
            due=70,
        ),
        SampleTarget(
            "skip",
            "Skip-level 1:1s with every team",
            TargetStatus.in_progress,
            ("role",),
            ("delegation",),
        ),
        SampleTarget(
            "email",
            "No work email after 7 pm for four weeks",
            TargetStatus.achieved,
            ("balance",),
            ("foundations",),
        ),
    ],
    meetings=[
        Meeting("kickoff", 35, "Kick-off", "What 'director' means in this company."),
        Meeting(
            "delegating",
            14,
            "Delegating without losing quality",
            "Payments team is ready; Lena wants more ownership.",
        ),
        Meeting("hiring", 3, "Hiring pipeline", "Scorecard first, then the job ad."),
    ],
    commitments=[
        Commitment("Write the hiring scorecard for the EM role", END_OF_WEEK, ("hire",), "hiring"),
        Commitment("Hand sprint planning for Payments to Lena", -2, ("planning",), "delegating"),
        Commitment(
            "Ask two peers how they run staff meetings", END_OF_WEEK, ("planning", "skip"), "hiring"
        ),
        Commitment(
            "Draft a one-page outline of the platform strategy", 10, ("strategy",), "hiring"
        ),
        Commitment(
            "Book skip-levels with the Data and Mobile teams",
            -6,
            ("skip",),
            "delegating",
            CommitmentStatus.done,
        ),
        Commitment(
            "Turn off email notifications after 7 pm",
            -30,
            ("email",),
            "kickoff",
            CommitmentStatus.done,
        ),
    ],
)

DANIEL = SampleClient(
    name="Daniel Reyes",
    email="daniel@example.org",
    notes="Founder of a two-person climate-data startup. Raising a seed round while "
    "training for his first half marathon.",
    goals=[
        Goal("raise", "Close a $1.5M seed round", in_days=120),
        Goal("health", "Run a half marathon", in_days=200),
        Goal("cofounder", "Share the CEO load with a co-founder", GoalStatus.paused),
    ],
    sprints=[
        Sprint("pitch", "Pitch ready", -14, 6, SprintStatus.active),
        Sprint("base", "Training base", 29, 6, SprintStatus.planned),
    ],
    sample_targets=[
        SampleTarget(
            "deck",
            "Investor deck reviewed by three founders",
            TargetStatus.in_progress,
            ("raise",),
            ("pitch",),
            due=7,
        ),
        SampleTarget(
            "meetings",
            "Twenty first meetings with investors",
            TargetStatus.not_started,
            ("raise",),
            ("pitch", "base"),
            due=45,
        ),
        SampleTarget(
            "running",
            "Running 25 km a week",
            TargetStatus.in_progress,
            ("health",),
            ("pitch", "base"),
        ),
        SampleTarget(
            "sleep",
            "Seven hours of sleep on weeknights",
            TargetStatus.in_progress,
            ("health", "raise"),
            ("pitch",),
        ),
        SampleTarget(
            "shortlist",
            "Shortlist of three co-founder candidates",
            TargetStatus.dropped,
            ("cofounder",),
        ),
        SampleTarget(
            "board", "A template for quarterly investor updates", TargetStatus.not_started, ()
        ),
    ],
    meetings=[
        Meeting("plan", 21, "Fundraising plan", "Timeline, target list, who makes intros."),
        Meeting("energy", 7, "Energy and focus", "Sleep is the first thing to go. Again."),
    ],
    commitments=[
        Commitment("Send the deck to Ana, Tom and Priyanka", -1, ("deck",), "energy"),
        Commitment("List 40 target investors by fit", END_OF_WEEK, ("meetings",), "energy"),
        Commitment("Three runs this week, one of them long", END_OF_WEEK, ("running",), "energy"),
        Commitment("Phone out of the bedroom", -14, ("sleep",), "plan", CommitmentStatus.done),
        Commitment("Renew the gym membership", 12, ()),
    ],
)

PRIYA = SampleClient(
    name="Priya Natarajan",
    email="priya.n@example.net",
    notes="Corporate lawyer moving into product management. Her older plan linked tasks "
    "straight to goals and sprints; those links wait in the Review tab.",
    goals=[
        Goal("pm", "Land a product manager role", in_days=180),
        Goal("portfolio", "Build a product portfolio", in_days=90),
    ],
    sprints=[
        Sprint("learn", "Learn the craft", -70, 6, SprintStatus.completed, legacy_goal="pm"),
        Sprint("ship", "Ship a side project", -28, 6, SprintStatus.active),
    ],
    sample_targets=[
        SampleTarget(
            "course",
            "Product management course finished",
            TargetStatus.achieved,
            ("pm",),
            ("learn",),
        ),
        SampleTarget(
            "cases",
            "Two case studies written",
            TargetStatus.in_progress,
            ("portfolio", "pm"),
            ("ship",),
            due=20,
        ),
        SampleTarget(
            "chats",
            "Coffee chats with ten product managers",
            TargetStatus.in_progress,
            ("pm",),
            ("learn", "ship"),
        ),
    ],
    meetings=[
        Meeting("skills", 30, "Transferable skills", "Negotiation, writing, risk: all product."),
        Meeting("feedback", 10, "Portfolio feedback", "First case study is too long."),
    ],
    commitments=[
        Commitment("Publish the first case study", -4, ("cases",), "feedback"),
        Commitment(
            "Message five PMs from the alumni list",
            END_OF_WEEK,
            (),
            "feedback",
            legacy_goal="pm",
            legacy_sprint="ship",
        ),
        Commitment(
            "Rewrite the CV around product skills", END_OF_WEEK, (), "feedback", legacy_goal="pm"
        ),
        Commitment(
            "Finish module 6 of the course",
            -35,
            (),
            "skills",
            CommitmentStatus.done,
            legacy_sprint="learn",
        ),
    ],
)

SAMPLE_CLIENTS = (MAYA, DANIEL, PRIYA)
