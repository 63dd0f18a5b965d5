using ChatHub.Conversation.Users;

namespace ChatHub.Conversation.Memory;

/// <summary>Linking moves the joining account's memory into the account it joins (<see cref="IMemoryStore.MergeAsync"/>).</summary>
public sealed class MemoryMerger(IMemoryStore store) : IUserDataMerger
{
    public ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken) =>
        store.MergeAsync(fromHubUserId, intoHubUserId, cancellationToken);
}
