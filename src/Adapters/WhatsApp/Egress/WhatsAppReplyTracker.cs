using ChatHub.Adapters.Abstractions.Egress;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WhatsApp.Egress;

/// <summary>
/// Delivery state by reply id (<see cref="PartCountReplyState"/>: how many parts of a final reply were sent; a final
/// retried after a 429 storm continues where it stopped), expiring after <see cref="WhatsAppOptions.ReplyStateTtl"/>.
/// </summary>
internal sealed class WhatsAppReplyTracker(IOptions<WhatsAppOptions> options, TimeProvider time)
    : ReplyTracker<PartCountReplyState>(options.Value.ReplyStateTtl, time);
