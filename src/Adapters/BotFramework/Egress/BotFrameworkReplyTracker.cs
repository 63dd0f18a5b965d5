using ChatHub.Adapters.Abstractions.Egress;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// Delivery state by reply id (<see cref="PartCountReplyState"/>: how many parts of a final reply were posted; a final
/// retried by the bus after a transient failure continues where it stopped, one delivered twice is posted once),
/// expiring after <see cref="BotFrameworkOptions.ReplyStateTtl"/>.
/// </summary>
internal sealed class BotFrameworkReplyTracker(IOptions<BotFrameworkOptions> options, TimeProvider time)
    : ReplyTracker<PartCountReplyState>(options.Value.ReplyStateTtl, time);
