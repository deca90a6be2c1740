"""Accounts (a coach's, or a client's for the portal), their passwords, their API tokens, and
what ends them: a new password, a revocation, a suspension."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coachboard.accounts import passwords, sessions
from coachboard.accounts.credentials import Credential, Holder
from coachboard.accounts.events import OPERATOR, EventKind, record
from coachboard.accounts.schemas import CoachUpdate
from coachboard.accounts.time_zones import is_time_zone
from coachboard.core.actor import ClientInfo
from coachboard.core.database import transaction
from coachboard.core.errors import Conflict, InvalidInput, NotFound
from coachboard.core.models import utcnow
from coachboard.core.security import hash_password, new_token, token_digest, verify_password
from coachboard.models.accounts import AccountEvent, ApiToken, PasswordReset, User, normalize_email
from coachboard.models.calendar_feeds import CalendarFeed


def get_by_email(session: Session, *, email: str) -> User | None:
    """The coach with this email, compared without regard to case."""
    with transaction(session):
        return session.scalar(select(User).where(User.email == normalize_email(email)))


def get(session: Session, *, user_id: uuid.UUID) -> User | None:
    """The coach with this id, or None."""
    with transaction(session):
        return session.get(User, user_id)


def count(session: Session) -> int:
    """How many coach accounts exist (the first-run page shows when there are none)."""
    with transaction(session):
        coaches = select(func.count()).select_from(User).where(User.client_id.is_(None))
        return session.scalar(coaches) or 0


def create(
    session: Session, *, email: str, name: str, password: str, time_zone: str = "UTC"
) -> User:
    """A new coach; the email must not be taken (409), whatever its case, the password must
    keep the rule (422 naming `password`) and the time zone be one the server knows (422
    naming `time_zone`)."""
    passwords.check(password, email=email, name=name)
    check_time_zone(time_zone)
    with transaction(session):
        if get_by_email(session, email=email):
            raise Conflict("a coach with this email already exists")
        user = User(
            email=normalize_email(email),
            name=name.strip(),
            password_hash=hash_password(password),
            time_zone=time_zone,
        )
        session.add(user)
        # The id exists for a caller that goes on in the same transaction.
        flush_claiming_email(session, Conflict("a coach with this email already exists"))
    return user


def flush_claiming_email(session: Session, refusal: Exception) -> None:
    """Write an account's new email. Two requests can both find it free before either
    commits; the unique index then refuses the later one here, and it gets the same answer
    as the check above would have given it, not a 500."""
    try:
        session.flush()
    except IntegrityError as error:  # the email is the only unique column an account writes
        raise refusal from error


def check_time_zone(name: str) -> None:
    """422 naming `time_zone` unless the server knows the IANA name."""
    if not is_time_zone(name):
        raise InvalidInput.field(
            "time_zone",
            "Not a time zone this server knows: use a name such as Europe/Berlin.",
            kind="unknown_time_zone",
        )


# All a coach learns about an email another account has: no name, no id, no status.
EMAIL_IN_USE = "Already in use."


def email_in_use() -> InvalidInput:
    return InvalidInput.field("email", EMAIL_IN_USE, kind="email_in_use")


def update_profile(
    session: Session, *, user: User, fields: CoachUpdate, client: ClientInfo
) -> User:
    """Change the coach's name, email or time zone, those given; an unknown zone is 422 naming
    `time_zone`, an email another account has 422 naming `email` ("Already in use.")."""
    changes = fields.changes()
    if "time_zone" in changes:
        check_time_zone(changes["time_zone"])
    with transaction(session):
        if "email" in changes:
            changes["email"] = email = normalize_email(changes["email"])
            if email != user.email:
                taken = session.scalar(select(User.id).where(User.email == email))
                if taken is not None:
                    raise email_in_use()
                # The email is what signs in: its change belongs in the account's audit.
                record(session, kind=EventKind.EMAIL_CHANGED, user_id=user.id, client=client)
        for name, value in changes.items():
            setattr(user, name, value)
        # The answer shows the stored row.
        flush_claiming_email(session, email_in_use())
    return user


def authenticate(session: Session, *, email: str, password: str) -> User | None:
    """The active coach whose email and password match, else None."""
    with transaction(session):
        user = get_by_email(session, email=email)
        if not verify_password(user.password_hash if user else None, password):
            return None
        if not user or not user.is_active:
            return None
        user.last_sign_in_at = utcnow()
    return user


def create_token(
    session: Session, *, user: User, name: str, lifetime: timedelta | None = None
) -> str:
    """A new bearer token for the coach; the plain value is returned once and never stored."""
    token = new_token()
    with transaction(session):
        session.add(
            ApiToken(
                user_id=user.id,
                name=name,
                digest=token_digest(token),
                expires_at=utcnow() + lifetime if lifetime else None,
            )
        )
    return token


# Revoked tokens are never found; an expired one is found and refused (is_expired).
API_TOKENS = Credential.of(
    ApiToken, ApiToken.last_used_at, ApiToken.expires_at, where=ApiToken.revoked_at.is_(None)
)


def user_for_token(session: Session, *, token: str) -> Holder | None:
    """The active account of a live (unrevoked, unexpired) token, else None. Writes nothing:
    the caller records the use apart, when it is stale (API_TOKENS.record_use)."""
    return API_TOKENS.holder(
        session, token, lambda now, _last_used, expires_at: not is_expired(expires_at, now)
    )


def is_expired(expires_at: datetime | None, now: datetime) -> bool:
    return expires_at is not None and expires_at <= now


def revoke_token(session: Session, *, token: str) -> bool:
    """Revoke a token by its value; True when a live token was revoked."""
    with transaction(session):
        result = session.execute(
            update(ApiToken)
            .where(ApiToken.digest == token_digest(token), ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    return result.rowcount > 0


def revoke_all_tokens(session: Session, *, user: User) -> int:
    """Revoke every live token of the coach; returns how many."""
    with transaction(session):
        result = session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    return result.rowcount


LISTED_TOKENS = 50


def active_tokens(session: Session, *, user: User, limit: int = LISTED_TOKENS) -> list[ApiToken]:
    """The coach's live (unrevoked, unexpired) tokens, newest first, at most `limit`."""
    now = utcnow()
    with transaction(session):
        return list(
            session.scalars(
                select(ApiToken)
                .where(
                    ApiToken.user_id == user.id,
                    ApiToken.revoked_at.is_(None),
                    or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
                )
                .order_by(ApiToken.created_at.desc(), ApiToken.id)
                .limit(limit)
            )
        )


def revoke_token_by_id(
    session: Session, *, user: User, token_id: uuid.UUID, client: ClientInfo
) -> None:
    """Revoke one of the coach's own live tokens; another coach's, or none, is not found."""
    with transaction(session):
        result = session.execute(
            update(ApiToken)
            .where(
                ApiToken.id == token_id,
                ApiToken.user_id == user.id,
                ApiToken.revoked_at.is_(None),
            )
            .values(revoked_at=utcnow())
        )
        if result.rowcount == 0:
            raise NotFound("token")
        record(session, kind=EventKind.TOKEN_REVOKED, user_id=user.id, client=client)


def revoke_session(
    session: Session, *, user: User, session_id: uuid.UUID, client: ClientInfo
) -> None:
    """End one of the coach's own browser sessions (404 for any other) and note it."""
    with transaction(session):
        sessions.revoke(session, user=user, session_id=session_id)
        record(session, kind=EventKind.SESSION_REVOKED, user_id=user.id, client=client)


def sign_out_everywhere(session: Session, *, user: User, client: ClientInfo) -> None:
    """End every browser session of the coach, this one too, and revoke every API token."""
    with transaction(session):
        sessions.end_all(session, user=user)
        revoke_all_tokens(session, user=user)
        record(session, kind=EventKind.SIGNED_OUT_EVERYWHERE, user_id=user.id, client=client)


def change_password(
    session: Session,
    *,
    user: User,
    current: str,
    new: str,
    keep_session: uuid.UUID,
    client: ClientInfo,
) -> User:
    """Set a new password when the current one is right (422 on `current_password`
    otherwise); what the old one opened ends (end_access), this session stays."""
    if not verify_password(user.password_hash, current):
        raise InvalidInput.field("current_password", "That isn't your current password.")
    passwords.check(new, email=user.email, name=user.name, field="new_password")
    with transaction(session):
        replace_password(session, user=user, password=new, keep_session=keep_session)
        record(session, kind=EventKind.PASSWORD_CHANGED, user_id=user.id, client=client)
    return user


def set_password(session: Session, *, email: str, password: str) -> User:
    """An operator's reset of an account's password: every session, token and reset link of
    the account ends, and its calendar feed (end_access)."""
    user = get_by_email(session, email=email)
    if user is None:
        raise NotFound("coach")
    passwords.check(password, email=user.email, name=user.name)
    with transaction(session):
        replace_password(session, user=user, password=password)
        record(
            session,
            kind=EventKind.PASSWORD_RESET,
            user_id=user.id,
            client=OPERATOR,
        )
    return user


def replace_password(
    session: Session, *, user: User, password: str, keep_session: uuid.UUID | None = None
) -> None:
    """Store the new hash and end what the old password opened (end_access): everything but
    `keep_session`."""
    with transaction(session):
        user.password_hash = hash_password(password)
        end_access(session, user=user, keep_session=keep_session)


def end_access(session: Session, *, user: User, keep_session: uuid.UUID | None = None) -> None:
    """End everything that acts for the account without its password: its browser sessions but
    `keep_session`, every API token, every reset link not yet used, and its calendar feed's
    address, which answers 404 for ever (a feed made later has a new one)."""
    with transaction(session):
        sessions.end_all(session, user=user, keep=keep_session)
        revoke_all_tokens(session, user=user)
        session.execute(
            update(PasswordReset)
            .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
            .values(used_at=utcnow())
        )
        end_calendar_feed(session, user=user)


def end_calendar_feed(session: Session, *, user: User) -> None:
    """The account's feed address stops: its row goes, and with it the only copy of its
    token's digest, so no later feed can have it."""
    with transaction(session):
        session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))


def disable(session: Session, *, user: User, kind: EventKind, client: ClientInfo) -> None:
    """The account signs in no more and everything that acted for it ends (end_access); the
    event of `kind` says why: a revocation or a suspension."""
    with transaction(session):
        user.is_active = False
        end_access(session, user=user)
        record(session, kind=kind, user_id=user.id, client=client)


# What decides whether a client's account may sign in, as its audit records it.
ACCESS_CHANGES = (
    EventKind.JOINED,
    EventKind.ACCESS_REVOKED,
    EventKind.ACCESS_SUSPENDED,
    EventKind.ACCESS_RESTORED,
)


def is_suspended(session: Session, *, user: User) -> bool:
    """Whether the account is disabled because its client is archived (lifted on restoring
    the client), not revoked by the coach: the latest change of its access says which."""
    if user.is_active:
        return False
    with transaction(session):
        latest = session.scalar(
            select(AccountEvent.kind)
            .where(AccountEvent.user_id == user.id, AccountEvent.kind.in_(ACCESS_CHANGES))
            .order_by(AccountEvent.at.desc())
            .limit(1)
        )
    return latest == EventKind.ACCESS_SUSPENDED


def client_account(session: Session, *, client_id: uuid.UUID) -> User | None:
    """The client's own account, enabled or not, read afresh (a caller's session may hold an
    older copy of the row)."""
    with transaction(session):
        return session.scalar(
            select(User)
            .where(User.client_id == client_id)
            .execution_options(populate_existing=True)
        )


def suspend_client_account(session: Session, *, client_id: uuid.UUID, client: ClientInfo) -> None:
    """The client is archived: their enabled account, if any, is disabled (disable) until the
    client is restored."""
    with transaction(session):
        account = client_account(session, client_id=client_id)
        if account is not None and account.is_active:
            disable(session, user=account, kind=EventKind.ACCESS_SUSPENDED, client=client)


def restore_client_account(session: Session, *, client_id: uuid.UUID, client: ClientInfo) -> None:
    """The client is active again: an account suspended when they were archived signs in again
    with its password; what the suspension ended stays ended, and a revoked account stays
    revoked."""
    with transaction(session):
        account = client_account(session, client_id=client_id)
        if account is not None and is_suspended(session, user=account):
            account.is_active = True
            record(session, kind=EventKind.ACCESS_RESTORED, user_id=account.id, client=client)


def create_reset_link(session: Session, *, user: User, lifetime: timedelta) -> str:
    """A one-time token to set a new password within `lifetime`; returned once, never stored.
    The caller builds the link (/reset-password/<token>) and hands it over (CLI, email)."""
    token = new_token()
    with transaction(session):
        session.add(
            PasswordReset(
                user_id=user.id, digest=token_digest(token), expires_at=utcnow() + lifetime
            )
        )
    return token


def reset_link_user(session: Session, *, token: str) -> User | None:
    """The active account (a coach's or a client's) a live (unused, unexpired) reset token
    belongs to, else None."""
    with transaction(session):
        user = session.scalar(
            select(User)
            .join(PasswordReset, PasswordReset.user_id == User.id)
            .where(
                PasswordReset.digest == token_digest(token),
                PasswordReset.used_at.is_(None),
                PasswordReset.expires_at > utcnow(),
            )
        )
    return user if user is not None and user.is_active else None


def reset_password(session: Session, *, token: str, password: str, client: ClientInfo) -> User:
    """Use a reset token once to set a new password (422 on `password` when the rule refuses
    it); every session, token and reset link of the account ends, and its calendar feed. A used, expired or unknown token is not
    found, also when a concurrent request used it first."""
    user = reset_link_user(session, token=token)
    if user is None:
        raise NotFound("reset link")
    passwords.check(password, email=user.email, name=user.name)
    with transaction(session):
        # The conditional UPDATE is the claim: of two requests with one token, one changes
        # a row and the other none.
        claimed = session.execute(
            update(PasswordReset)
            .where(
                PasswordReset.digest == token_digest(token),
                PasswordReset.used_at.is_(None),
                PasswordReset.expires_at > utcnow(),
            )
            .values(used_at=utcnow())
        ).rowcount
        if claimed != 1:
            raise NotFound("reset link")
        replace_password(session, user=user, password=password)
        record(session, kind=EventKind.PASSWORD_RESET, user_id=user.id, client=client)
    return user
