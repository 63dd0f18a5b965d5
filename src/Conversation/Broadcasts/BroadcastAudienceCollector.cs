using System.Globalization;
using ChatHub.Conversation.Routing;

namespace ChatHub.Conversation.Broadcasts;

/// <summary>
/// Collects a run's recipients one batch at a time, resumable from <see cref="Broadcast.AudienceCursor"/>: people from
/// the list (their most recent route), everyone with a route on each listed channel (<see cref="IRoutingTable.ListChannelAsync"/>;
/// a person once, on the first channel), or the opted-in (their most recent route). People who opted out are added as
/// skipped, people without a route as failed ("no route"), so the counts account for everyone asked for.
/// </summary>
public sealed class BroadcastAudienceCollector(IBroadcastStore store, IRoutingTable routes)
{
    /// <summary>Adds the next batch and returns the broadcast with its cursor moved (and complete once all are in); not saved.</summary>
    public async ValueTask<Broadcast> CollectNextAsync(Broadcast broadcast, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        var audience = broadcast.Audience;
        if (audience.People is { } people)
        {
            var start = broadcast.AudienceCursor is null ? 0 : int.Parse(broadcast.AudienceCursor, CultureInfo.InvariantCulture);
            var batch = people.Skip(start).Take(batchSize).ToList();
            var recipients = new List<BroadcastRecipient>(batch.Count);
            foreach (var hubUserId in batch)
            {
                var route = FirstOrNull(await routes.GetRoutesAsync(hubUserId, cancellationToken));
                recipients.Add(await RecipientAsync(hubUserId, route, cancellationToken));
            }

            await store.AddRecipientsAsync(broadcast.Id, broadcast.Run, recipients, cancellationToken);
            BroadcastTelemetry.Collected(recipients);
            var next = start + batch.Count;
            return next >= people.Count
                ? broadcast with { AudienceComplete = true, AudienceCursor = null }
                : broadcast with { AudienceCursor = next.ToString(CultureInfo.InvariantCulture) };
        }

        if (audience.Channels is { } channels)
        {
            var cursor = broadcast.AudienceCursor ?? "0|";
            var bar = cursor.IndexOf('|', StringComparison.Ordinal);
            var index = int.Parse(cursor.AsSpan(0, bar), CultureInfo.InvariantCulture);
            var routeCursor = bar + 1 < cursor.Length ? cursor[(bar + 1)..] : null;
            var page = await routes.ListChannelAsync(channels[index], routeCursor, batchSize, cancellationToken);
            var recipients = new List<BroadcastRecipient>(page.Routes.Count);
            foreach (var (hubUserId, route) in page.Routes)
            {
                recipients.Add(await RecipientAsync(hubUserId, route, cancellationToken));
            }

            await store.AddRecipientsAsync(broadcast.Id, broadcast.Run, recipients, cancellationToken);
            BroadcastTelemetry.Collected(recipients);
            if (page.NextCursor is { } more)
            {
                return broadcast with { AudienceCursor = string.Create(CultureInfo.InvariantCulture, $"{index}|{more}") };
            }

            return index + 1 >= channels.Count
                ? broadcast with { AudienceComplete = true, AudienceCursor = null }
                : broadcast with { AudienceCursor = string.Create(CultureInfo.InvariantCulture, $"{index + 1}|") };
        }

        var optedIn = await store.ListOptedInAsync(broadcast.AudienceCursor, batchSize, cancellationToken);
        var collected = new List<BroadcastRecipient>(optedIn.Count);
        foreach (var hubUserId in optedIn)
        {
            var route = FirstOrNull(await routes.GetRoutesAsync(hubUserId, cancellationToken));
            collected.Add(await RecipientAsync(hubUserId, route, cancellationToken));
        }

        await store.AddRecipientsAsync(broadcast.Id, broadcast.Run, collected, cancellationToken);
        BroadcastTelemetry.Collected(collected);
        return optedIn.Count < batchSize
            ? broadcast with { AudienceComplete = true, AudienceCursor = null }
            : broadcast with { AudienceCursor = optedIn[^1] };
    }

    private static RouteEntry? FirstOrNull(IReadOnlyList<RouteEntry> routes) => routes.Count > 0 ? routes[0] : null;

    private async ValueTask<BroadcastRecipient> RecipientAsync(string hubUserId, RouteEntry? route, CancellationToken cancellationToken)
    {
        var key = BroadcastIds.RecipientKey(hubUserId);
        if (route is null)
        {
            return new BroadcastRecipient(key, hubUserId, null, RecipientState.Failed, "no route: the person has no conversation the hub can write to");
        }

        return await store.GetPreferenceAsync(hubUserId, cancellationToken) == BroadcastPreference.OptedOut
            ? new BroadcastRecipient(key, hubUserId, route.Conversation, RecipientState.Skipped, "opted out")
            : new BroadcastRecipient(key, hubUserId, route.Conversation, RecipientState.Pending);
    }
}
