using ChatHub.Adapters.Abstractions.Egress;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>Delivery state by reply id (<see cref="DiscordReplyState"/>), expiring after <see cref="DiscordOptions.ReplyStateTtl"/>.</summary>
internal sealed class DiscordReplyTracker(IOptions<DiscordOptions> options, TimeProvider time)
    : ReplyTracker<DiscordReplyState>(options.Value.ReplyStateTtl, time);
