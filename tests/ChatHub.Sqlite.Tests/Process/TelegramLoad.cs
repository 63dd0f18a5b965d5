using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ChatHub.Sqlite.Tests.Process;

/// <summary>
/// Telegram's side of the webhook: <c>total</c> updates over <c>chats</c> private chats at <c>rate</c> per second on an
/// open schedule (update k is due at k / rate), one after another within a chat (the next only after the previous was
/// answered 200, as Telegram delivers a chat's updates), each POSTed to whichever hub is running until it is answered
/// 200 (a failed or refused attempt is repeated, as Telegram redelivers). Questions are knowledge-base headings, which
/// the hot-question cache answers.
/// </summary>
public sealed class TelegramLoad
{
    private static readonly string[] Questions =
    [
        "What is ChatHub?",
        "Which platforms does ChatHub support?",
        "How do I connect a Telegram bot?",
    ];

    private readonly Func<Uri?> _hub;
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 100, UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private readonly ConcurrentDictionary<long, bool> _accepted = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _thresholds = [];
    private int _attempts;

    public TelegramLoad(Func<Uri?> hub, int chats, int perChat, double rate)
    {
        _hub = hub;
        Chats = chats;
        PerChat = perChat;
        Rate = rate;
    }

    public int Chats { get; }

    public int PerChat { get; }

    public double Rate { get; }

    public int Total => Chats * PerChat;

    /// <summary>Message ids answered 200.</summary>
    public IReadOnlyCollection<long> Accepted => [.. _accepted.Keys];

    public int AcceptedCount => _accepted.Count;

    /// <summary>Webhook attempts not answered 200 (refused, reset by the kill, hub down) and sent again.</summary>
    public int Retries => Volatile.Read(ref _attempts) - AcceptedCount;

    public static long ChatId(int chat) => 70_000 + chat;

    /// <summary>update_id = message_id: unique, and increasing within a chat.</summary>
    public static long MessageId(int chat, int index) => (chat * 1_000_000L) + index + 1;

    public static long ChatOf(long messageId) => ChatId((int)(messageId / 1_000_000L));

    public Task AcceptedAtLeastAsync(int count)
    {
        lock (_thresholds)
        {
            if (AcceptedCount >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _thresholds.Add((count, reached));
            return reached.Task;
        }
    }

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        return Task.WhenAll(Enumerable.Range(0, Chats).Select(async chat =>
        {
            for (var i = 0; i < PerChat; i++)
            {
                var due = TimeSpan.FromSeconds(((i * Chats) + chat) / Rate) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken); // pacing the load, not waiting for a result
                }

                await PostUntilAcceptedAsync(chat, i, cancellationToken);
            }
        }));
    }

    /// <summary>One update with <paramref name="text"/>, POSTed until it is answered 200.</summary>
    public Task SendAsync(long chatId, long messageId, string text, CancellationToken cancellationToken) =>
        PostUntilAcceptedAsync(chatId, messageId, text, cancellationToken);

    private Task PostUntilAcceptedAsync(int chat, int index, CancellationToken cancellationToken) =>
        PostUntilAcceptedAsync(ChatId(chat), MessageId(chat, index), Questions[(chat + index) % Questions.Length], cancellationToken);

    private async Task PostUntilAcceptedAsync(long chatId, long id, string question, CancellationToken cancellationToken)
    {
        var chat = chatId.ToString(CultureInfo.InvariantCulture);
        var text = JsonSerializer.Serialize(question);
        var body = $$$"""{"update_id":{{{id}}},"message":{"message_id":{{{id}}},"from":{"id":{{{chat}}},"is_bot":false,"first_name":"Kill","language_code":"en"},"chat":{"id":{{{chat}}},"type":"private","first_name":"Kill"},"date":1767225600,"text":{{{text}}}}}""";
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Interlocked.Increment(ref _attempts);
            if (_hub() is { } hub)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hub, "/webhooks/telegram"))
                    {
                        Content = new StringContent(body, Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", EmbeddedHub.WebhookSecret);
                    using var response = await _http.SendAsync(request, cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Accept(id);
                        return;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // the hub died under the request, or is not up yet: sent again below
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 * attempt)), cancellationToken); // Telegram's redelivery back-off
        }
    }

    private void Accept(long id)
    {
        _accepted[id] = true;
        lock (_thresholds)
        {
            for (var i = _thresholds.Count - 1; i >= 0; i--)
            {
                if (AcceptedCount >= _thresholds[i].Count)
                {
                    _thresholds[i].Reached.TrySetResult();
                    _thresholds.RemoveAt(i);
                }
            }
        }
    }
}
