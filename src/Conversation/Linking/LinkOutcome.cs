namespace ChatHub.Conversation.Linking;

public enum LinkOutcome
{
    Linked = 0,
    AlreadyLinked = 1,

    /// <summary>The text is not shaped like a code (says nothing about live codes).</summary>
    Malformed = 2,

    /// <summary>A wrong, expired or already used code: one outcome for all of them, so a guess learns nothing.</summary>
    WrongCode = 3,

    OwnCode = 5,
    LockedOut = 6,
    TooManyCodes = 7,
    Issued = 8,
    Unlinked = 9,
    NotLinked = 10,

    /// <summary>No free code could be drawn in a bounded number of tries (the code space is crowded): try later.</summary>
    Unavailable = 11,

    /// <summary><c>/unlink PLATFORM</c> named identities that were in the account before the caller joined it: refused.</summary>
    JoinedEarlier = 12,
}
