namespace ChatHub.Conversation.Users;

/// <summary>
/// A plug-in that moves what one component keeps about a hub user to another when linking merges them (e.g. a
/// broadcast opt-out, so it holds on every linked platform). Register with <c>TryAddEnumerable</c>; linking calls every one.
/// </summary>
public interface IUserDataMerger
{
    ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken);
}
