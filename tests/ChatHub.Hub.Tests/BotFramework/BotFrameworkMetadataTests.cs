using System.Net;
using ChatHub.Adapters.BotFramework;
using ChatHub.Adapters.BotFramework.Authentication;
using Microsoft.Extensions.Options;
using ChatHub.Testing.BotFramework;

namespace ChatHub.Hub.Tests.BotFramework;

/// <summary>
/// How often unauthenticated traffic makes the hub fetch the Bot Connector's OpenID metadata: never once per request
/// (issue 15, item 8). The signing-key cache runs on a clock the test moves; the rest of the hub on real time.
/// </summary>
public sealed class BotFrameworkMetadataTests
{
    private static Action<WebApplicationBuilder> SigningKeysOn(TimeProvider clock) => builder =>
        builder.Services.AddSingleton(sp => new BotFrameworkSigningKeys(
            sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<BotFrameworkOptions>>(), clock,
            sp.GetRequiredService<ILogger<BotFrameworkSigningKeys>>()));

    [Fact]
    public async Task Activity_30BeforeAnyKeysCouldBeFetched_OneFetchAnd503ThenOneMoreAfterTheBackoff()
    {
        var clock = ManualTimeProvider.WithRealTimers();
        var issuer = await FakeTokenIssuer.StartAsync().DefaultTimeout();
        issuer.FailMetadata = true;
        await using var hub = await BotFrameworkHub.StartAsync(configure: SigningKeysOn(clock), issuer: issuer);

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            hub.PostActivityAsync(hub.Activity("personal_message", BotFrameworkHub.NextId(), "a:1nokeys" + BotFrameworkHub.NextId())))).DefaultTimeout();
        var fetchesDuringTheOutage = issuer.MetadataFetches;
        issuer.FailMetadata = false;
        clock.Advance(OpenIdMetadataCache.FailureBackoff.MaxDelay + TimeSpan.FromSeconds(1));
        var conversation = "a:1keysback" + BotFrameworkHub.NextId();
        var later = await hub.PostActivityAsync(hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        Assert.All(responses, r => Assert.NotNull(r.Headers.RetryAfter));
        Assert.Equal(1, fetchesDuringTheOutage);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(2, issuer.MetadataFetches);
    }

    [Fact]
    public async Task Activity_40ForgedKeyIds_OneMetadataFetch()
    {
        var clock = ManualTimeProvider.WithRealTimers();
        await using var hub = await BotFrameworkHub.StartAsync(
            new Dictionary<string, string?> { ["Channels:Teams:MinKeyRefreshInterval"] = "00:00:30" }, SigningKeysOn(clock));
        Assert.Equal(HttpStatusCode.OK, (await hub.PostActivityAsync(hub.Activity("personal_message", BotFrameworkHub.NextId(), "a:1kids" + BotFrameworkHub.NextId()))).StatusCode);
        var fetches = hub.Issuer.MetadataFetches;
        clock.Advance(TimeSpan.FromMinutes(1)); // an unknown kid may cause a fetch again

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => hub.PostActivityAsync(
            hub.Activity("personal_message", BotFrameworkHub.NextId(), "a:1kids" + BotFrameworkHub.NextId()),
            FakeTokenIssuer.ForgedToken(FakeTokenIssuer.BotConnectorIssuer, $"forged-kid-{i}", hub.Connector.ServiceUrl)))).DefaultTimeout();

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        Assert.Equal(fetches + 1, hub.Issuer.MetadataFetches);
    }
}
