using System.Net;
using System.Net.Sockets;
using ChatHub.Adapters.Telegram.Api;
using ChatHub.Testing.Telegram;
using Microsoft.Extensions.DependencyInjection;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;

namespace ChatHub.Adapters.Tests.Telegram;

/// <summary>
/// Telegram.Bot's client through our thin layer, against the loopback fake: request shape, results and every error
/// class as values, the library's retries off.
/// </summary>
public sealed class TelegramBotApiTests : IAsyncLifetime
{
    private FakeBotApi _fake = null!;
    private ServiceProvider _services = null!;

    private TelegramBotApi Client => _services.GetRequiredService<TelegramBotApi>();

    public async Task InitializeAsync()
    {
        _fake = await FakeBotApi.StartAsync();
        _services = TelegramServices.Build(_fake, settings: new Dictionary<string, string?> { ["Channels:Telegram:PollingTimeout"] = "00:00:00" });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task GetMe_ReturnsTheBot()
    {
        var me = await Client.GetMeAsync(CancellationToken.None).DefaultTimeout();

        Assert.True(me.IsOk);
        Assert.Equal(FakeBotApi.BotId, me.Value!.Id);
        Assert.Equal(FakeBotApi.BotUsername, me.Value.Username);
        Assert.True(me.Value.IsBot);
    }

    [Fact]
    public async Task SendMessage_PostsPlainSnakeCaseJsonToTheTokenPath()
    {
        var result = await Client.SendMessageAsync(new SendMessageRequest
        {
            ChatId = -1001234567890,
            Text = "*not bold* <b>nor this</b> 🚀",
            MessageThreadId = 77,
            ReplyParameters = new ReplyParameters { MessageId = 112, AllowSendingWithoutReply = true },
        }, CancellationToken.None).DefaultTimeout();

        var call = Assert.Single(_fake.CallsTo("sendMessage"));
        Assert.True(result.IsOk);
        Assert.Equal(FakeBotApi.Token, call.Token);
        Assert.Equal(-1001234567890, call.ChatId);
        Assert.Equal("*not bold* <b>nor this</b> 🚀", call.Text);
        Assert.Equal(77, call.ThreadId);
        Assert.Equal(112, call.ReplyToMessageId);
        Assert.True(call.Body["reply_parameters"]!["allow_sending_without_reply"]!.GetValue<bool>());
        Assert.False(call.Body.ContainsKey("parse_mode"));
        Assert.False(call.Body.ContainsKey("entities"));
        Assert.Equal(result.Value!.Id, _fake.MessagesIn(-1001234567890).Single().MessageId);
    }

    [Theory]
    [InlineData(429, "Too Many Requests: retry after 2", 2, null, "RateLimited")]
    [InlineData(500, "Internal Server Error", null, null, "ServerError")]
    [InlineData(403, "Forbidden: bot was blocked by the user", null, null, "Forbidden")]
    [InlineData(403, "Forbidden: bot was kicked from the supergroup chat", null, null, "Forbidden")]
    [InlineData(400, "Bad Request: chat not found", null, null, "BadRequest")]
    [InlineData(400, "Bad Request: group chat was upgraded to a supergroup chat", null, -1009999999999L, "Migrated")]
    [InlineData(400, "Bad Request: message is not modified: specified new message content is the same", null, null, "NotModified")]
    [InlineData(409, "Conflict: terminated by other getUpdates request", null, null, "Conflict")]
    public async Task SendMessage_ErrorAnswer_ClassifiedValue(int code, string description, int? retryAfter, long? migrateTo, string expected)
    {
        var kind = Enum.Parse<TelegramErrorKind>(expected);
        _fake.FailNext("sendMessage", code, description, retryAfter: retryAfter, migrateToChatId: migrateTo);

        var result = await Client.SendMessageAsync(new SendMessageRequest { ChatId = 42, Text = "hi" }, CancellationToken.None).DefaultTimeout();

        var error = Assert.IsType<TelegramError>(result.Error);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(description, error.Description);
        Assert.Equal(retryAfter is { } s ? TimeSpan.FromSeconds(s) : null, error.RetryAfter);
        Assert.Equal(migrateTo, error.MigrateToChatId);
        Assert.Equal(kind is TelegramErrorKind.RateLimited or TelegramErrorKind.ServerError, error.IsTransient);
    }

    [Fact]
    public async Task SendMessage_RateLimited_TheLibraryDoesNotRetry_OneCallAndTheValue()
    {
        _fake.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1);

        var result = await Client.SendMessageAsync(new SendMessageRequest { ChatId = 42, Text = "hi" }, CancellationToken.None).DefaultTimeout();

        Assert.Equal(TelegramErrorKind.RateLimited, result.Error!.Kind);
        Assert.Single(_fake.CallsTo("sendMessage")); // RetryThreshold = 0: our delivery decides about waiting
    }

    [Fact]
    public async Task SendMessage_OkWithoutResult_InvalidResponse()
    {
        _fake.FailNext("sendMessage", 200, "", rawBody: "{\"ok\":true}");

        var result = await Client.SendMessageAsync(new SendMessageRequest { ChatId = 42, Text = "hi" }, CancellationToken.None).DefaultTimeout();

        Assert.Equal(TelegramErrorKind.InvalidResponse, result.Error!.Kind);
        Assert.True(result.Error.IsTransient);
    }

    [Fact]
    public async Task Call_ApiBaseUrlWithAPath_TheLibraryDropsThePath()
    {
        await using var services = TelegramServices.Build(_fake, settings: new Dictionary<string, string?>
        {
            ["Channels:Telegram:ApiBaseUrl"] = new Uri(_fake.BaseAddress, "/some/prefix/").ToString(),
        });

        var result = await services.GetRequiredService<TelegramBotApi>().GetMeAsync(CancellationToken.None).DefaultTimeout();

        Assert.True(result.IsOk); // the fake serves /bot{token}/getMe only: the prefix was not sent
    }

    [Fact]
    public async Task SendMessage_ProxyErrorPage_ServerError()
    {
        _fake.FailNext("sendMessage", 502, "", rawBody: "<html><body>502 Bad Gateway</body></html>");

        var result = await Client.SendMessageAsync(new SendMessageRequest { ChatId = 42, Text = "hi" }, CancellationToken.None).DefaultTimeout();

        Assert.Equal(TelegramErrorKind.ServerError, result.Error!.Kind);
        Assert.Equal(502, result.Error.ErrorCode);
    }

    [Fact]
    public async Task Call_NoAnswerWithinRequestTimeout_TimeoutValueNotException()
    {
        await using var services = TelegramServices.Build(_fake, settings: new Dictionary<string, string?> { ["Channels:Telegram:RequestTimeout"] = "00:00:00.300" });
        _fake.FailNext("sendMessage", 500, "late", hang: TimeSpan.FromSeconds(10));

        var result = await services.GetRequiredService<TelegramBotApi>()
            .SendMessageAsync(new SendMessageRequest { ChatId = 42, Text = "hi" }, CancellationToken.None).DefaultTimeout();

        Assert.Equal(TelegramErrorKind.Timeout, result.Error!.Kind);
        Assert.True(result.Error.IsTransient);
    }

    [Fact]
    public async Task Call_CallerCancels_ThrowsOperationCanceled()
    {
        // A request timeout far beyond the test's: only the caller's cancellation can end this call.
        await using var services = TelegramServices.Build(_fake, settings: new Dictionary<string, string?> { ["Channels:Telegram:RequestTimeout"] = "00:05:00" });
        _fake.FailNext("sendMessage", 500, "late", hang: TimeSpan.FromMinutes(5));
        using var cancel = new CancellationTokenSource();

        var call = services.GetRequiredService<TelegramBotApi>().SendMessageAsync(new SendMessageRequest { ChatId = 42, Text = "hi" }, cancel.Token);
        await _fake.WaitForCallsAsync("sendMessage").DefaultTimeout();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call).DefaultTimeout();
    }

    [Fact]
    public async Task Call_WrongToken_Unauthorized()
    {
        await using var services = TelegramServices.Build(_fake, settings: new Dictionary<string, string?> { ["Channels:Telegram:Token"] = "123456:WRONG" });

        var result = await services.GetRequiredService<TelegramBotApi>().GetMeAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(TelegramErrorKind.Unauthorized, result.Error!.Kind);
    }

    [Fact]
    public async Task Call_NothingListening_NetworkError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var services = TelegramServices.Build(_fake, settings: new Dictionary<string, string?> { ["Channels:Telegram:ApiBaseUrl"] = $"http://127.0.0.1:{port}" });

        var result = await services.GetRequiredService<TelegramBotApi>().GetMeAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(TelegramErrorKind.Network, result.Error!.Kind);
        Assert.DoesNotContain("TEST-token", result.Error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetUpdates_QueuedUpdates_ReturnedInOrderAndConfirmedByOffset()
    {
        _fake.EnqueueUpdate(TelegramPayloads.Read("private_text"));
        _fake.EnqueueUpdate(TelegramPayloads.Read("callback_query"));

        var first = await Client.GetUpdatesAsync(null, CancellationToken.None).DefaultTimeout();
        var next = first.Value!.NextOffset!.Value;
        var second = await Client.GetUpdatesAsync(next, CancellationToken.None).DefaultTimeout();

        var updates = first.Value!.Updates;
        Assert.Equal([700000001, 700000015], updates.Select(u => u.Id));
        Assert.Equal("What is ChatHub?", updates[0].Message!.Text);
        Assert.Equal("4382bfdwdsb323b2d9", updates[1].CallbackQuery!.Id);
        Assert.Empty(second.Value!.Updates);
        Assert.Equal(700000016, next);
        Assert.Equal(next, _fake.ConfirmedOffset);
        var call = _fake.CallsTo("getUpdates")[0];
        Assert.Equal(["message", "edited_message", "channel_post", "edited_channel_post", "callback_query"],
            call.Body["allowed_updates"]!.AsArray().Select(n => n!.GetValue<string>()));
    }
}
