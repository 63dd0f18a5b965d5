using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChatHub.Hub.Tests.Telegram;

namespace ChatHub.Hub.Tests.Chaos;

/// <summary>
/// Sends private-chat messages to the hub's Telegram webhook the way Telegram does: the updates of one chat one after
/// another, each update repeated (same update_id) until the webhook answers 200, chats in parallel. What counts as
/// accepted is what the webhook answered 200 to; the chaos tests then check that every accepted message was answered
/// exactly once, in order within its chat.
/// </summary>
internal sealed class TelegramChaosLoad
{
    private static readonly string[] Questions =
    [
        "What is ChatHub?",
        "Which platforms does ChatHub support?",
        "/help",
        "How do I add Telegram?",
        "Does ChatHub need Redis?",
    ];

    private readonly ConcurrentQueue<(long Chat, long MessageId)> _accepted = new();
    private int _attempts;
    private int _refused;

    private TelegramChaosLoad(long firstChat, int chats, int perChat)
    {
        FirstChat = firstChat;
        Chats = chats;
        PerChat = perChat;
    }

    public long FirstChat { get; }

    public int Chats { get; }

    public int PerChat { get; }

    public int Total => Chats * PerChat;

    public int AcceptedCount => _accepted.Count;

    /// <summary>Webhook requests made, repeats included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Webhook requests not answered 200 (a status, a timeout or a refused connection), each repeated later.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public IReadOnlyList<(long Chat, long MessageId)> Accepted => [.. _accepted];

    /// <summary>Starts sending; the task completes when every message was accepted (or <paramref name="cancellationToken"/>).</summary>
    public static (TelegramChaosLoad Load, Task Done) Start(
        Uri hub, long firstChat, int chats, int perChat, TimeSpan pause, CancellationToken cancellationToken)
    {
        var load = new TelegramChaosLoad(firstChat, chats, perChat);
        var http = new HttpClient { BaseAddress = hub, Timeout = TimeSpan.FromSeconds(10) };
        var done = Task.WhenAll(Enumerable.Range(0, chats).Select(i => load.RunChatAsync(http, firstChat + i, pause, cancellationToken)))
            .ContinueWith(t => { http.Dispose(); return t; }, TaskScheduler.Default).Unwrap();
        return (load, done);
    }

    /// <summary>Completes once at least <paramref name="count"/> messages were accepted.</summary>
    public async Task AcceptedAtLeastAsync(int count, CancellationToken cancellationToken)
    {
        while (AcceptedCount < count)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    private async Task RunChatAsync(HttpClient http, long chat, TimeSpan pause, CancellationToken cancellationToken)
    {
        await Task.Yield();
        for (var messageId = 1L; messageId <= PerChat; messageId++)
        {
            var update = TelegramUpdates.Private(chat, messageId, Questions[(int)((chat + messageId) % Questions.Length)]);
            while (!await PostAsync(http, update, cancellationToken))
            {
                Interlocked.Increment(ref _refused);
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }

            _accepted.Enqueue((chat, messageId));
            await Task.Delay(pause, cancellationToken);
        }
    }

    private async Task<bool> PostAsync(HttpClient http, string update, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/webhooks/telegram", UriKind.Relative))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(update)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", TelegramHub.Secret);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            Assert.True((int)response.StatusCode < 500 || response.StatusCode == HttpStatusCode.ServiceUnavailable,
                $"The webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false; // Telegram repeats an update whose request failed or timed out
        }
    }
}
