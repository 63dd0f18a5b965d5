using ChatHub.Adapters.Abstractions.Egress;
using ChatHub.Adapters.Discord.Api;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>
/// "typing…" while a reply is produced: <c>POST /channels/{id}/typing</c> at once, then every
/// <see cref="DiscordOptions.TypingInterval"/> (Discord shows it for 10 s) until the reply's first message is
/// shown, the reply is final, or <see cref="DiscordOptions.MaxTypingDuration"/> has passed. Best effort: one
/// attempt each time, skipped while the typing bucket is exhausted.
/// </summary>
internal sealed class DiscordTypingIndicator : IDisposable
{
    private readonly DiscordRestClient _client;
    private readonly TypingRefresher<DiscordTarget> _refresher;

    public DiscordTypingIndicator(DiscordRestClient client, IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordTypingIndicator> logger)
    {
        _client = client;
        _refresher = new(SendOnceAsync, TypingRefresher<DiscordTarget>.UnlessPermanent, options.Value.TypingInterval, options.Value.MaxTypingDuration, time,
            ex => DiscordLog.TypingFailed(logger, ex));
    }

    internal int Active => _refresher.Active;

    public ValueTask<SendResult> StartAsync(string replyId, DiscordTarget target, CancellationToken cancellationToken) =>
        _refresher.StartAsync(replyId, target, cancellationToken);

    public void Stop(string replyId) => _refresher.Stop(replyId);

    public void Dispose() => _refresher.Dispose();

    private async ValueTask<SendResult> SendOnceAsync(DiscordTarget target, CancellationToken cancellationToken)
    {
        var result = await _client.TriggerTypingAsync(target.ChannelId, cancellationToken);
        return result.Error is { Kind: DiscordErrorKind.RateLimited } ? SendResult.Sent : DiscordSendResults.From(result.Error);
    }
}
