using System.Net;
using System.Text;
using ChatHub.Adapters.Slack.Api;

namespace ChatHub.Adapters.Tests.Slack;

/// <summary>How Web API answers become values: HTTP 429 with Retry-After, <c>ok:false</c> codes classified, proxies' pages.</summary>
public sealed class SlackWebApiResponseTests
{
    private static async Task<SlackResult<MessageResponse>> ReadAsync(HttpStatusCode status, string body, string? retryAfter = null, string mediaType = "application/json")
    {
        using var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return await SlackWebApiClient.ReadAsync(response, SlackApiJsonContext.Default.MessageResponse, CancellationToken.None);
    }

    [Fact]
    public async Task Read_Ok_TheMessageTs()
    {
        var result = await ReadAsync(HttpStatusCode.OK, """{"ok":true,"channel":"C1","ts":"1503435956.000247","message":{"text":"hi"}}""");

        Assert.Equal("1503435956.000247", result.Value!.Ts);
    }

    [Fact]
    public async Task Read_429_RateLimitedWithRetryAfter()
    {
        var result = await ReadAsync(HttpStatusCode.TooManyRequests, """{"ok":false,"error":"ratelimited"}""", retryAfter: "30");

        Assert.Equal((SlackErrorKind.RateLimited, TimeSpan.FromSeconds(30), true), (result.Error!.Kind, result.Error.RetryAfter, result.Error.IsTransient));
    }

    [Theory]
    [InlineData("ratelimited", "RateLimited", true)]
    [InlineData("internal_error", "ServerError", true)]
    [InlineData("service_unavailable", "ServerError", true)]
    [InlineData("invalid_auth", "Unauthorized", false)]
    [InlineData("token_revoked", "Unauthorized", false)]
    [InlineData("missing_scope", "Unauthorized", false)]
    [InlineData("channel_not_found", "NotFound", false)]
    [InlineData("not_in_channel", "NotFound", false)]
    [InlineData("is_archived", "NotFound", false)]
    [InlineData("msg_too_long", "Rejected", false)]
    [InlineData("no_text", "Rejected", false)]
    public async Task Read_OkFalse_ClassifiedByErrorCode(string error, string kind, bool transient)
    {
        var result = await ReadAsync(HttpStatusCode.OK, $$"""{"ok":false,"error":"{{error}}"}""");

        Assert.Equal((kind, transient, error), (result.Error!.Kind.ToString(), result.Error.IsTransient, result.Error.ToString()));
    }

    [Fact]
    public async Task Read_ErrorCodeWithOddCharacters_NotRepeated()
    {
        var result = await ReadAsync(HttpStatusCode.OK, """{"ok":false,"error":"oops\nFAKE LOG LINE"}""");

        Assert.Equal("unknown_error", result.Error!.Description);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, "<html>502</html>", "ServerError")]
    [InlineData(HttpStatusCode.OK, "<html>captive portal</html>", "InvalidResponse")]
    [InlineData(HttpStatusCode.OK, "null", "InvalidResponse")]
    [InlineData(HttpStatusCode.NotFound, "", "NotFound")]
    public async Task Read_NotSlack_ClassifiedByStatus(HttpStatusCode status, string body, string kind)
    {
        var result = await ReadAsync(status, body, mediaType: "text/html");

        Assert.Equal(kind, result.Error!.Kind.ToString());
    }
}
