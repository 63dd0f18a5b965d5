using System.Text;
using ChatHub.Adapters.Slack.Ingress;

namespace ChatHub.Adapters.Tests.Slack;

/// <summary>Slack's request signing: the documented example, and every way a request is refused.</summary>
public sealed class SlackSignatureTests
{
    // The worked example of api.slack.com/authentication/verifying-requests-from-slack.
    private const string DocsSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string DocsTimestamp = "1531420618";
    private const string DocsBody =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA" +
        "&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN" +
        "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string DocsSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly DateTimeOffset DocsNow = DateTimeOffset.FromUnixTimeSeconds(1531420618 + 30);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private static readonly SlackSignature Docs = new(DocsSecret);

    [Fact]
    public void Sign_DocumentedExample_MatchesSlacksSignature()
    {
        Assert.Equal(DocsSignature, Docs.Sign(DocsTimestamp, Encoding.UTF8.GetBytes(DocsBody)));
    }

    [Fact]
    public void Check_DocumentedExample_Authentic()
    {
        Assert.Null(Docs.Check(DocsTimestamp, DocsSignature, Encoding.UTF8.GetBytes(DocsBody), DocsNow, Skew));
    }

    [Theory]
    [InlineData(null, DocsSignature, "missing X-Slack-Request-Timestamp")]
    [InlineData(DocsTimestamp, null, "missing X-Slack-Signature")]
    [InlineData("1531420618.5", DocsSignature, "not a Unix time")]
    [InlineData("-1531420618", DocsSignature, "not a Unix time")]
    [InlineData("99999999999999999999", DocsSignature, "not a Unix time")]
    [InlineData("1531420000", DocsSignature, "stale or replayed")]
    [InlineData("1531421000", DocsSignature, "stale or replayed")]
    [InlineData(DocsTimestamp, "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", "not v0=")]
    [InlineData(DocsTimestamp, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50", "not v0=")]
    [InlineData(DocsTimestamp, "v0=z2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", "not v0=")]
    [InlineData(DocsTimestamp, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b504", "does not match")]
    [InlineData("1531420619", DocsSignature, "does not match")]
    public void Check_BadHeaders_RefusedWithReason(string? timestamp, string? signature, string reason)
    {
        var refused = Docs.Check(timestamp, signature, Encoding.UTF8.GetBytes(DocsBody), DocsNow, Skew);

        Assert.NotNull(refused);
        Assert.Contains(reason, refused, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UpperCaseHex_Accepted()
    {
        Assert.Null(Docs.Check(DocsTimestamp, "v0=" + DocsSignature[3..].ToUpperInvariant(), Encoding.UTF8.GetBytes(DocsBody), DocsNow, Skew));
    }

    [Fact]
    public void Check_BodyChangedByOneByte_Refused()
    {
        var body = Encoding.UTF8.GetBytes(DocsBody);
        body[^1] ^= 1;

        Assert.Contains("does not match", Docs.Check(DocsTimestamp, DocsSignature, body, DocsNow, Skew), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OtherSecret_Refused()
    {
        var other = new SlackSignature("8f742231b10e8888abcd99yyyzzz85a6");

        Assert.Contains("does not match", other.Check(DocsTimestamp, DocsSignature, Encoding.UTF8.GetBytes(DocsBody), DocsNow, Skew), StringComparison.Ordinal);
    }
}
