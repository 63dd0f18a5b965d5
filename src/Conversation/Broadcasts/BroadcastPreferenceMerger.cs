using ChatHub.Conversation.Users;

namespace ChatHub.Conversation.Broadcasts;

/// <summary>Linking keeps a broadcast choice: an opt-out of either side wins, else an opt-in of either side.</summary>
public sealed class BroadcastPreferenceMerger(IBroadcastStore store) : IUserDataMerger
{
    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        var from = await store.GetPreferenceAsync(fromHubUserId, cancellationToken);
        if (from == BroadcastPreference.None)
        {
            return;
        }

        var into = await store.GetPreferenceAsync(intoHubUserId, cancellationToken);
        if (from == BroadcastPreference.OptedOut || into == BroadcastPreference.None)
        {
            await store.SetPreferenceAsync(intoHubUserId, from, cancellationToken);
        }

        await store.SetPreferenceAsync(fromHubUserId, BroadcastPreference.None, cancellationToken);
    }
}
