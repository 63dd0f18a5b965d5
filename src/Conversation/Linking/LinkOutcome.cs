namespace ChatHub.Conversation.Linking;

public enum LinkOutcome
{
    Linked = 0,
    AlreadyLinked = 1,
    InvalidCode = 2,
    ExpiredOrUnknown = 3,
    AlreadyUsed = 4,
    OwnCode = 5,
    LockedOut = 6,
    TooManyCodes = 7,
    Issued = 8,
    Unlinked = 9,
    NotLinked = 10,
}
