namespace ChatHub.Conversation.Identity;

/// <summary>A person as one platform knows them: channel plus the platform's user id.</summary>
public sealed record PlatformIdentity(string Channel, string UserId)
{
    public override string ToString() => $"{Channel}:{UserId}";
}
