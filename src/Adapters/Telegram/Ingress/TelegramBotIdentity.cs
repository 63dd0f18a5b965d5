using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>
/// Who the bot is: its id (from the token) and its username (learned with <c>getMe</c> at start, needed to tell
/// which group messages address it). Ingress waits for <see cref="ReadyAsync"/> before handling updates.
/// </summary>
internal sealed class TelegramBotIdentity
{
    private readonly TaskCompletionSource _known = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _username;

    public TelegramBotIdentity(IOptions<TelegramOptions> options) => BotId = options.Value.BotId;

    /// <summary>For tests and the mapper: an identity already known.</summary>
    internal TelegramBotIdentity(long botId, string username)
    {
        BotId = botId;
        SetUsername(username);
    }

    public long BotId { get; }

    /// <summary>The bot's @username without the @, once <c>getMe</c> has answered.</summary>
    public string? Username => _username;

    public bool IsKnown => _username is not null;

    public void SetUsername(string username)
    {
        _username = username;
        _known.TrySetResult();
    }

    public Task ReadyAsync(CancellationToken cancellationToken) => _known.Task.WaitAsync(cancellationToken);
}
