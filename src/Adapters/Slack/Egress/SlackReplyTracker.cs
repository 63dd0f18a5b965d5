using ChatHub.Adapters.Abstractions.Egress;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Slack.Egress;

/// <summary>Delivery state by reply id (<see cref="SlackReplyState"/>), expiring after <see cref="SlackOptions.ReplyStateTtl"/>.</summary>
internal sealed class SlackReplyTracker(IOptions<SlackOptions> options, TimeProvider time)
    : ReplyTracker<SlackReplyState>(options.Value.ReplyStateTtl, time);
