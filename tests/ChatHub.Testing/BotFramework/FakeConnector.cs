using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatHub.Testing.BotFramework;

/// <summary>
/// A loopback fake of the Bot Connector's v3 REST API (real HTTP on 127.0.0.1, port 0), written from the documented
/// protocol: <c>POST {serviceUrl}/v3/conversations/{conversationId}/activities[/{activityId}]</c> with a JSON activity
/// and a bearer token, answering <c>{"id":"…"}</c>. Any path prefix before <c>/v3/</c> is accepted (Teams' service
/// URLs have one, e.g. <c>/amer/</c>). It records every call with its raw path and Authorization header, and answers
/// errors on demand (<see cref="FailNext"/>: status, Retry-After, body, after some calls).
/// </summary>
public sealed partial class FakeConnector : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ConnectorCall> _calls = [];
    private readonly List<Waiter> _waiters = [];
    private readonly List<Fault> _faults = [];
    private readonly WebApplication _app;
    private int _nextId;

    private FakeConnector(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A Teams-like service URL on this fake: <c>http://127.0.0.1:port/amer/</c>.</summary>
    public string ServiceUrl => new Uri(BaseAddress, "amer/").ToString();

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeConnector(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    public IReadOnlyList<ConnectorCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The calls to one conversation (decoded id), oldest first.</summary>
    public IReadOnlyList<ConnectorCall> CallsTo(string conversationId, string? type = null) =>
        [.. Calls.Where(c => c.ConversationId == conversationId && (type is null || c.Type == type))];

    /// <summary>The messages the conversation shows (succeeded message posts), oldest first.</summary>
    public IReadOnlyList<ConnectorCall> MessagesIn(string conversationId) =>
        [.. CallsTo(conversationId, "message").Where(c => c.Succeeded)];

    /// <summary>Completes with the first <paramref name="count"/> calls matching, once they happened.</summary>
    public Task<IReadOnlyList<ConnectorCall>> WaitForCallsAsync(Func<ConnectorCall, bool> match, int count = 1)
    {
        lock (_gate)
        {
            var matched = _calls.Where(match).Take(count).ToList();
            if (matched.Count == count)
            {
                return Task.FromResult<IReadOnlyList<ConnectorCall>>(matched);
            }

            var waiter = new Waiter(match, count);
            _waiters.Add(waiter);
            return waiter.Done.Task;
        }
    }

    /// <summary>Completes with the first <paramref name="count"/> message posts to the conversation (any status).</summary>
    public Task<IReadOnlyList<ConnectorCall>> WaitForMessagesAsync(string conversationId, int count = 1, bool succeeded = false) =>
        WaitForCallsAsync(c => c.ConversationId == conversationId && c.IsMessage && (!succeeded || c.Succeeded), count);

    /// <summary>
    /// Answers the next <paramref name="times"/> posts of <paramref name="type"/> (to the conversation, if given) with
    /// <paramref name="status"/>, a Retry-After header when given, and a connector error body.
    /// </summary>
    public void FailNext(int status, string? conversationId = null, string type = "message", int? retryAfterSeconds = null, int times = 1,
        string code = "Error", int afterCalls = 0)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(conversationId, type, status, retryAfterSeconds, code) { Remaining = times, Skip = afterCalls });
        }
    }

    /// <summary>Ends every pending fault (an outage started with a large <c>times</c> ends here).</summary>
    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var path = raw.Split('?')[0];
        if (HttpMethods.IsGet(context.Request.Method) && path.Contains("/v3/attachments/", StringComparison.Ordinal))
        {
            await ServeAttachmentAsync(context, path);
            return;
        }

        var v3 = path.IndexOf("/v3/conversations/", StringComparison.Ordinal);
        if (!HttpMethods.IsPost(context.Request.Method) || v3 < 0)
        {
            await WriteAsync(context, 404, Error("NotFound", "no such route"));
            return;
        }

        var segments = path[(v3 + "/v3/conversations/".Length)..].Split('/');
        if (segments.Length is < 2 or > 3 || segments[1] != "activities")
        {
            await WriteAsync(context, 404, Error("NotFound", "no such route"));
            return;
        }

        var conversationId = Uri.UnescapeDataString(segments[0]);
        var replyToId = segments.Length == 3 ? Uri.UnescapeDataString(segments[2]) : null;
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        var body = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        var authorization = context.Request.Headers.Authorization.ToString();
        var type = body["type"]?.GetValue<string>();

        if (TakeFault(conversationId, type) is { } fault)
        {
            Record(new ConnectorCall(raw, conversationId, replyToId, authorization, body, fault.Status, DateTimeOffset.UtcNow));
            if (fault.RetryAfter is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await WriteAsync(context, fault.Status, Error(fault.Code, $"fake fault {fault.Status}"));
            return;
        }

        if (string.IsNullOrEmpty(authorization))
        {
            Record(new ConnectorCall(raw, conversationId, replyToId, authorization, body, 401, DateTimeOffset.UtcNow));
            await WriteAsync(context, 401, Error("Unauthorized", "no token"));
            return;
        }

        var id = "1:" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        Record(new ConnectorCall(raw, conversationId, replyToId, authorization, body, 201, DateTimeOffset.UtcNow));
        await WriteAsync(context, 201, new JsonObject { ["id"] = id }.ToJsonString());
    }

    private Fault? TakeFault(string conversationId, string? type)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => f.Type == type && (f.ConversationId is null || f.ConversationId == conversationId));
            if (fault is not null && fault.Skip > 0)
            {
                fault.Skip--;
                return null;
            }

            if (fault is not null && --fault.Remaining == 0)
            {
                _faults.Remove(fault);
            }

            return fault;
        }
    }

    private void Record(ConnectorCall call)
    {
        List<Waiter> done = [];
        lock (_gate)
        {
            _calls.Add(call);
            foreach (var waiter in _waiters)
            {
                var matched = _calls.Where(waiter.Match).Take(waiter.Count).ToList();
                if (matched.Count == waiter.Count)
                {
                    waiter.Result = matched;
                    done.Add(waiter);
                }
            }

            _waiters.RemoveAll(done.Contains);
        }

        foreach (var waiter in done)
        {
            waiter.Done.TrySetResult(waiter.Result!);
        }
    }

    private static string Error(string code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();

    private static Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    private sealed class Waiter(Func<ConnectorCall, bool> match, int count)
    {
        public Func<ConnectorCall, bool> Match { get; } = match;

        public int Count { get; } = count;

        public IReadOnlyList<ConnectorCall>? Result { get; set; }

        public TaskCompletionSource<IReadOnlyList<ConnectorCall>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Fault(string? ConversationId, string Type, int Status, int? RetryAfter, string Code)
    {
        public int Remaining { get; set; }

        public int Skip { get; set; }
    }
}
