using ChatHub.Conversation.Users;

namespace ChatHub.Conversation.Sessions;

/// <summary>Linking joins the two summaries, as the sessions are joined (<see cref="ISummaryStore.MergeAsync"/>).</summary>
public sealed class SummaryMerger(ISummaryStore store) : IUserDataMerger
{
    public ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken) =>
        store.MergeAsync(fromHubUserId, intoHubUserId, cancellationToken);
}
