using System.Text.Json;
using Telegram.Bot.Requests;
using Telegram.Bot.Types.Enums;

namespace ChatHub.Adapters.Telegram.Api;

/// <summary>
/// <c>getUpdates</c> answered as raw JSON elements, so that the updates are decoded one by one
/// (<see cref="TelegramUpdateBatch"/>); the library's <c>GetUpdatesRequest</c> decodes the batch as a whole.
/// <see cref="Offset"/> = last update_id + 1 confirms everything before it.
/// </summary>
internal sealed class RawGetUpdatesRequest() : RequestBase<JsonElement[]>("getUpdates")
{
    public int? Offset { get; set; }

    public int? Limit { get; set; }

    /// <summary>Long-poll timeout in seconds (0 = short poll; the server caps it at 50).</summary>
    public int? Timeout { get; set; }

    public IEnumerable<UpdateType>? AllowedUpdates { get; set; }
}
