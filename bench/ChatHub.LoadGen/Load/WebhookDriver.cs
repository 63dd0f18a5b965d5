using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChatHub.LoadGen.Workload;

namespace ChatHub.LoadGen.Load;

/// <summary>
/// Posts Telegram updates to <c>POST /webhooks/telegram</c> with the secret header, over at most
/// <c>connections</c> HTTP/1.1 connections (like Telegram's max_connections): requests beyond them wait inside the
/// handler for a free connection, and that wait counts, because latency runs from the intended send time.
/// </summary>
internal sealed class WebhookDriver : IDisposable
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>A cap on requests in flight in the generator itself: past it a message is shed (counted as an error).</summary>
    private const int MaxInFlight = 30_000;

    private readonly HttpClient _client;
    private readonly Uri _uri;
    private readonly string _secret;
    private readonly bool _ackIsReply;
    private readonly bool _channelPosts;
    private int _inFlight;
    private CancellationTokenSource _abort = new();

    /// <summary>For the zero-work ceiling, <paramref name="ackIsReply"/>: the HTTP response is the reply.</summary>
    public WebhookDriver(Uri webhook, string secret, int connections, TimeSpan requestTimeout, bool ackIsReply, bool channelPosts = false)
    {
        _uri = webhook;
        _channelPosts = channelPosts;
        _secret = secret;
        _ackIsReply = ackIsReply;
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = requestTimeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>Failures by kind in the current step (HTTP status or exception type).</summary>
    public ConcurrentDictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);

    public int InFlight => Volatile.Read(ref _inFlight);

    public void BeginStep()
    {
        Errors.Clear();
        _abort = new CancellationTokenSource();
    }

    /// <summary>Gives up on requests still running (their messages are already counted as lost or failed).</summary>
    public void AbortOutstanding() => _abort.Cancel();

    /// <summary>Issues message <paramref name="index"/> of the step now (scheduler thread).</summary>
    public void Issue(StepRecorder recorder, PlannedMessage message, int index, long intended)
    {
        recorder.Intended[index] = intended;
        recorder.Kinds[index] = message.Kind;
        recorder.Conversations[index] = message.Conversation;
        Volatile.Write(ref recorder.Issued, index + 1);
        recorder.MarkIssued();
        if (Volatile.Read(ref _inFlight) >= MaxInFlight)
        {
            recorder.Status[index] = StepRecorder.StatusShed;
            Errors.AddOrUpdate("shed (generator backlog)", 1, static (_, n) => n + 1);
            recorder.Resolve(index);
            return;
        }

        var id = recorder.BaseId + index;
        var body = _channelPosts ? ChannelPostBody(id, message.ChatId, message.EncodedText) : Body(id, message.ChatId, message.EncodedText);
        _ = PostAsync(recorder, index, id, body, _abort.Token);
    }

    public void Dispose()
    {
        _client.Dispose();
        _abort.Dispose();
    }

    /// <summary>A private-chat text message, as Telegram delivers it; update_id and message_id are the message id.</summary>
    internal static byte[] Body(long id, long chatId, string encodedText)
    {
        var json = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"update_id":{{{id}}},"message":{"message_id":{{{id}}},"from":{"id":{{{chatId}}},"is_bot":false,"first_name":"Load","language_code":"en"},"chat":{"id":{{{chatId}}},"type":"private","first_name":"Load"},"date":1767225600,"text":{{{encodedText}}}}}""");
        return Encoding.UTF8.GetBytes(json);
    }

    /// <summary>A post in a channel (negative chat id): the hub answers it but shows no typing indicator there.</summary>
    internal static byte[] ChannelPostBody(long id, long chatId, string encodedText)
    {
        var json = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"update_id":{{{id}}},"channel_post":{"message_id":{{{id}}},"sender_chat":{"id":-{{{chatId}}},"type":"channel","title":"Load"},"chat":{"id":-{{{chatId}}},"type":"channel","title":"Load"},"date":1767225600,"text":{{{encodedText}}}}}""");
        return Encoding.UTF8.GetBytes(json);
    }

    private async Task PostAsync(StepRecorder recorder, int index, long id, byte[] body, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        short status;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation(SecretHeader, _secret);
            using var response = await _client.SendAsync(request, cancellationToken);
            status = (short)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            status = StepRecorder.StatusException;
            Errors.AddOrUpdate(ex.GetType().Name, 1, static (_, n) => n + 1);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        var now = Stopwatch.GetTimestamp();
        recorder.Acked[index] = now;
        recorder.Status[index] = status;
        if (status == 200 && _ackIsReply)
        {
            recorder.TryRecordReply(id, now, fallback: false);
        }
        else if (status != 200)
        {
            if (status > 0)
            {
                Errors.AddOrUpdate("HTTP " + status.ToString(CultureInfo.InvariantCulture), 1, static (_, n) => n + 1);
            }

            recorder.Resolve(index);
        }
    }
}
