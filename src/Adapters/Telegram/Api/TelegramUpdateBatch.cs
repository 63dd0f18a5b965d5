using System.Text.Json;
using Telegram.Bot.Types;

namespace ChatHub.Adapters.Telegram.Api;

/// <summary>
/// What one <c>getUpdates</c> returned, decoded update by update (<see cref="TelegramUpdateReader"/>): the updates in
/// <c>update_id</c> order, and the ones that could not be read as an <see cref="Update"/>. One undecodable update must
/// not fail the batch: the poller would ask for the same offset forever, and every later update would wait behind it.
/// </summary>
internal sealed record TelegramUpdateBatch(IReadOnlyList<Update> Updates, IReadOnlyList<UndecodableUpdate> Undecodable)
{
    /// <summary>The offset that confirms everything in the batch (decoded or not), or null for an empty batch.</summary>
    public long? NextOffset
    {
        get
        {
            var last = Updates.Count > 0 ? Updates[^1].Id : (long?)null;
            foreach (var skipped in Undecodable)
            {
                if (skipped.UpdateId is { } id && (last is null || id > last))
                {
                    last = id;
                }
            }

            return last + 1;
        }
    }

    public static TelegramUpdateBatch Decode(JsonElement[] elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        var updates = new List<Update>(elements.Length);
        var undecodable = new List<UndecodableUpdate>();
        foreach (var element in elements)
        {
            if (TelegramUpdateReader.TryRead(element, out var reason) is { } update)
            {
                updates.Add(update);
                continue;
            }

            long? id = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("update_id", out var idElement)
                && idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out var value) ? value : null;
            undecodable.Add(new UndecodableUpdate(id, reason ?? "unreadable"));
        }

        updates.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return new TelegramUpdateBatch(updates, undecodable);
    }
}

/// <summary>An update of a <c>getUpdates</c> batch that is not a readable <see cref="Update"/>; its id when it has one.</summary>
internal sealed record UndecodableUpdate(long? UpdateId, string Reason);
