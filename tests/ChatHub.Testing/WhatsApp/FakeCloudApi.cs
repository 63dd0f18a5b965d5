using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatHub.Testing.WhatsApp;

/// <summary>
/// A loopback fake of the WhatsApp Cloud API's messages endpoint (real HTTP on 127.0.0.1, port 0), written from Meta's
/// documentation: <c>POST /{version}/{phone-number-id}/messages</c> with a bearer token and a JSON body
/// (<c>messaging_product: whatsapp</c>), answering <c>{"messaging_product","contacts":[{"input","wa_id"}],"messages":[{"id":"wamid…"}]}</c>,
/// or <c>{"success":true}</c> for a read receipt, and Graph error objects
/// (<c>{"error":{"message","type","code","error_data":{"messaging_product","details"},"fbtrace_id"}}</c>) as the platform does:
/// 401/190 for a wrong token, 400/100 for a bad parameter (a body over 4,096 characters), 400/131047 for a free-form
/// message to someone whose last message (<see cref="RecordInbound"/>) is more than 24 hours old
/// (<see cref="CloseWindow"/>), and the errors a test scripts (<see cref="FailNext"/>: 429, 131056, 130429, …).
/// Every call is recorded; <see cref="WhatsAppNotifications"/> builds the webhook side.
/// </summary>
public sealed class FakeCloudApi : IAsyncDisposable
{
    public const int MaxTextLength = 4096;

    /// <summary>An interactive message's body: at most 1,024 characters (the Cloud API's interactive-message reference).</summary>
    public const int MaxInteractiveBodyLength = 1024;

    private readonly Lock _gate = new();
    private readonly List<CloudApiCall> _calls = [];
    private readonly List<Waiter> _waiters = [];
    private readonly List<Fault> _faults = [];
    private readonly Dictionary<string, DateTimeOffset> _lastInbound = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private int _nextId;

    private FakeCloudApi(WebApplication app, string accessToken)
    {
        _app = app;
        AccessToken = accessToken;
    }

    public string AccessToken { get; }

    /// <summary>The API base with its version, as <c>Channels:WhatsApp:ApiBaseUrl</c>: <c>http://127.0.0.1:port/v23.0/</c>.</summary>
    public Uri ApiBaseUrl { get; private set; } = null!;

    /// <summary>When true, free-form messages need a recorded inbound message of the recipient within 24 hours (the default).</summary>
    public bool EnforceServiceWindow { get; set; } = true;

    public static async Task<FakeCloudApi> StartAsync(string accessToken = "EAAG-fake-access-token")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeCloudApi(app, accessToken);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.ApiBaseUrl = new Uri(address + "/v23.0/");
        return fake;
    }

    public IReadOnlyList<CloudApiCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>The messages (not read receipts) sent to <paramref name="waId"/>, any outcome, oldest first.</summary>
    public IReadOnlyList<CloudApiCall> MessagesTo(string waId) => [.. Calls.Where(c => c.To == waId && c.IsMessage)];

    /// <summary>The messages <paramref name="waId"/> received (accepted sends), oldest first.</summary>
    public IReadOnlyList<CloudApiCall> DeliveredTo(string waId) => [.. MessagesTo(waId).Where(c => c.Succeeded)];

    /// <summary>Completes with the first <paramref name="count"/> calls matching, once they happened.</summary>
    public Task<IReadOnlyList<CloudApiCall>> WaitForCallsAsync(Func<CloudApiCall, bool> match, int count = 1)
    {
        lock (_gate)
        {
            var matched = _calls.Where(match).Take(count).ToList();
            if (matched.Count == count)
            {
                return Task.FromResult<IReadOnlyList<CloudApiCall>>(matched);
            }

            var waiter = new Waiter(match, count);
            _waiters.Add(waiter);
            return waiter.Done.Task;
        }
    }

    /// <summary>Completes with the first <paramref name="count"/> messages accepted for <paramref name="waId"/>.</summary>
    public Task<IReadOnlyList<CloudApiCall>> WaitForDeliveredAsync(string waId, int count = 1) =>
        WaitForCallsAsync(c => c.To == waId && c.IsMessage && c.Succeeded, count);

    /// <summary>The person wrote at <paramref name="at"/>: their 24-hour customer-service window runs from then.</summary>
    public void RecordInbound(string waId, DateTimeOffset at)
    {
        lock (_gate)
        {
            _lastInbound[waId] = at;
        }
    }

    /// <summary>The person's window is closed (their last message is older than 24 hours).</summary>
    public void CloseWindow(string waId) => RecordInbound(waId, DateTimeOffset.UtcNow - TimeSpan.FromHours(25));

    /// <summary>
    /// Answers the next <paramref name="times"/> message sends (to <paramref name="waId"/>, if given) with
    /// <paramref name="status"/> and a Graph error of <paramref name="code"/>, a Retry-After header when given, after
    /// letting <paramref name="afterCalls"/> sends through.
    /// </summary>
    public void FailNext(int status, int code, string? waId = null, int times = 1, int? retryAfterSeconds = null, string message = "fake fault", int afterCalls = 0)
    {
        lock (_gate)
        {
            _faults.Add(new Fault(waId, status, code, retryAfterSeconds, message) { Remaining = times, Skip = afterCalls });
        }
    }

    /// <summary>Ends every pending fault (a storm started with a large <c>times</c> ends here).</summary>
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
        var segments = context.Request.Path.Value?.Trim('/').Split('/') ?? [];
        if (!HttpMethods.IsPost(context.Request.Method) || segments.Length != 3 || !segments[0].StartsWith('v') || segments[2] != "messages")
        {
            await WriteErrorAsync(context, 400, 100, "Unsupported post request.", "GraphMethodException");
            return;
        }

        var phoneNumberId = segments[1];
        var authorization = context.Request.Headers.Authorization.ToString();
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        JsonObject body;
        try
        {
            body = JsonNode.Parse(text) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            body = [];
        }

        if (authorization != "Bearer " + AccessToken)
        {
            Record(new CloudApiCall(phoneNumberId, authorization, body, 401, 190, DateTimeOffset.UtcNow));
            await WriteErrorAsync(context, 401, 190, "Invalid OAuth access token - Cannot parse access token", "OAuthException");
            return;
        }

        if (body["messaging_product"]?.GetValue<string>() != "whatsapp")
        {
            Record(new CloudApiCall(phoneNumberId, authorization, body, 400, 100, DateTimeOffset.UtcNow));
            await WriteErrorAsync(context, 400, 100, "(#100) The parameter messaging_product is required.");
            return;
        }

        if (body["status"]?.GetValue<string>() == "read")
        {
            Record(new CloudApiCall(phoneNumberId, authorization, body, 200, null, DateTimeOffset.UtcNow));
            await WriteAsync(context, 200, new JsonObject { ["success"] = true });
            return;
        }

        var to = body["to"]?.GetValue<string>() ?? "";
        if (TakeFault(to) is { } fault)
        {
            Record(new CloudApiCall(phoneNumberId, authorization, body, fault.Status, fault.Code, DateTimeOffset.UtcNow));
            if (fault.RetryAfter is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await WriteErrorAsync(context, fault.Status, fault.Code, $"(#{fault.Code}) {fault.Message}");
            return;
        }

        var type = body["type"]?.GetValue<string>();
        if (type == "text" && body["text"]?["body"]?.GetValue<string>() is not { Length: > 0 and <= MaxTextLength })
        {
            Record(new CloudApiCall(phoneNumberId, authorization, body, 400, 100, DateTimeOffset.UtcNow));
            await WriteErrorAsync(context, 400, 100, "(#100) Invalid parameter", details: $"text.body must be 1 to {MaxTextLength} characters");
            return;
        }

        if (type == "interactive" && InvalidList(body) is { } invalid)
        {
            Record(new CloudApiCall(phoneNumberId, authorization, body, 400, 131009, DateTimeOffset.UtcNow));
            await WriteErrorAsync(context, 400, 131009, "(#131009) Parameter value is not valid", details: invalid);
            return;
        }

        if (type != "template" && EnforceServiceWindow && !WindowOpen(to))
        {
            Record(new CloudApiCall(phoneNumberId, authorization, body, 400, 131047, DateTimeOffset.UtcNow));
            await WriteErrorAsync(context, 400, 131047, "Re-engagement message",
                details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
            return;
        }

        var id = "wamid.fake" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        Record(new CloudApiCall(phoneNumberId, authorization, body, 200, null, DateTimeOffset.UtcNow));
        await WriteAsync(context, 200, new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = to, ["wa_id"] = to }),
            ["messages"] = new JsonArray(new JsonObject { ["id"] = id }),
        });
    }

    /// <summary>WhatsApp's limits on a list message, or null when it keeps them.</summary>
    private static string? InvalidList(JsonObject body)
    {
        var interactive = body["interactive"];
        if (interactive?["type"]?.GetValue<string>() != "list")
        {
            return "interactive.type: only list messages are served by the fake";
        }

        if (interactive["body"]?["text"]?.GetValue<string>() is not { Length: > 0 and <= MaxInteractiveBodyLength })
        {
            return $"interactive.body.text must be 1 to {MaxInteractiveBodyLength} characters";
        }

        if (interactive["action"]?["button"]?.GetValue<string>() is not { Length: > 0 and <= 20 })
        {
            return "interactive.action.button must be 1 to 20 characters";
        }

        var rows = (interactive["action"]?["sections"] as JsonArray ?? []).SelectMany(s => s?["rows"] as JsonArray ?? []).ToList();
        if (rows.Count is 0 or > 10)
        {
            return "a list has 1 to 10 rows";
        }

        foreach (var row in rows)
        {
            if (row?["id"]?.GetValue<string>() is not { Length: > 0 and <= 200 } || row["title"]?.GetValue<string>() is not { Length: > 0 and <= 24 }
                || row["description"]?.GetValue<string>() is { Length: > 72 })
            {
                return "a row's id is 1 to 200 characters, its title 1 to 24, its description at most 72";
            }
        }

        return null;
    }

    private bool WindowOpen(string waId)
    {
        lock (_gate)
        {
            return _lastInbound.TryGetValue(waId, out var at) && DateTimeOffset.UtcNow - at < TimeSpan.FromHours(24);
        }
    }

    private Fault? TakeFault(string to)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => f.WaId is null || f.WaId == to);
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

    private void Record(CloudApiCall call)
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

    private static Task WriteErrorAsync(HttpContext context, int status, int code, string message, string type = "OAuthException", string? details = null)
    {
        var error = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = code, ["fbtrace_id"] = "AbCdEfFakeTrace" };
        if (details is not null || code >= 130000)
        {
            error["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = details ?? message };
        }

        return WriteAsync(context, status, new JsonObject { ["error"] = error });
    }

    private static Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private sealed class Waiter(Func<CloudApiCall, bool> match, int count)
    {
        public Func<CloudApiCall, bool> Match { get; } = match;

        public int Count { get; } = count;

        public IReadOnlyList<CloudApiCall>? Result { get; set; }

        public TaskCompletionSource<IReadOnlyList<CloudApiCall>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Fault(string? WaId, int Status, int Code, int? RetryAfter, string Message)
    {
        public int Remaining { get; set; }

        public int Skip { get; set; }
    }
}
