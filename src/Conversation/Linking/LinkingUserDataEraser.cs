using ChatHub.Conversation.Counters;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Users;

namespace ChatHub.Conversation.Linking;

/// <summary>Erasure for linking: each identity's live link code and its counters (codes asked for, wrong guesses).</summary>
public sealed class LinkingUserDataEraser : IUserDataEraser
{
    private readonly ILinkCodeStore _codes;
    private readonly ICounterStore _counters;

    public LinkingUserDataEraser(ILinkCodeStore codes, ICounterStore counters)
    {
        _codes = codes;
        _counters = counters;
    }

    public async ValueTask<int> EraseAsync(
        string hubUserId, IReadOnlyList<PlatformIdentity> identities, IReadOnlyList<RouteEntry> routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var removed = 0;
        foreach (var identity in identities)
        {
            removed += await _codes.RemoveIssuedByAsync(identity, cancellationToken);
            foreach (var key in LinkService.CounterKeys(identity))
            {
                if (await _counters.GetAsync(key, cancellationToken) > 0)
                {
                    await _counters.ResetAsync(key, cancellationToken);
                    removed++;
                }
            }
        }

        return removed;
    }
}
