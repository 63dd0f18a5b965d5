using ChatHub.Adapters.BotFramework;
using ChatHub.Adapters.BotFramework.Egress;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Tests.BotFramework;

/// <summary>Bad settings stop the host at start with a message naming the key, never the secret; the service URL allow-list.</summary>
public sealed class BotFrameworkOptionsValidatorTests
{
    private const string Secret = "s3cr3t~value~never~shown";

    private static BotFrameworkOptions Valid() => new()
    {
        AppId = "3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b",
        AppPassword = Secret,
        TenantId = "0e1f2a3b-4c5d-4e6f-8a9b-c0d1e2f3a4b5",
    };

    private static ValidateOptionsResult Validate(BotFrameworkOptions options, HubRole roles = HubRole.All) =>
        new BotFrameworkOptionsValidator(new HubRoles(roles)).Validate(null, options);

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(Validate(Valid()).Succeeded);
    }

    public static TheoryData<string, string> Invalid() => new()
    {
        { "AppId", "AppId" },
        { "AppPassword", "AppPassword" },
        { "TenantId", "TenantId" },
        { "OpenIdMetadataUrl", "OpenIdMetadataUrl must use https" },
        { "TokenEndpoint", "TokenEndpoint must use https" },
        { "AllowedServiceUrls", "AllowedServiceUrls" },
        { "MetadataRefreshInterval", "MetadataRefreshInterval" },
        { "RetryMaxDelay", "RetryMaxDelay" },
        { "ClockSkew", "ClockSkew" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadValue_FailsNamingTheKeyNotTheSecret(string key, string message)
    {
        var options = Valid();
        switch (key)
        {
            case "AppId": options.AppId = "not an id/../"; break;
            case "AppPassword": options.AppPassword = ""; break;
            case "TenantId": options.TenantId = "contoso.com/evil?x="; break;
            case "OpenIdMetadataUrl": options.OpenIdMetadataUrl = new Uri("http://login.botframework.com/v1/.well-known/openidconfiguration"); break;
            case "TokenEndpoint": options.TokenEndpoint = new Uri("http://login.microsoftonline.com/x/oauth2/v2.0/token"); break;
            case "AllowedServiceUrls": options.AllowedServiceUrls = ["http://smba.trafficmanager.net/"]; break;
            case "MetadataRefreshInterval": options.MetadataRefreshInterval = TimeSpan.FromDays(2); break;
            case "RetryMaxDelay": options.RetryMaxDelay = TimeSpan.FromMilliseconds(1); break;
            default: options.ClockSkew = TimeSpan.FromHours(1); break;
        }

        var result = Validate(options);

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IngressOnlyWithoutSecret_Succeeds()
    {
        var options = Valid();
        options.AppPassword = null;

        Assert.True(Validate(options, HubRole.Ingress).Succeeded);
    }

    [Fact]
    public void Validate_HttpWithAllowInsecureHttp_Succeeds()
    {
        var options = Valid();
        options.AllowInsecureHttp = true;
        options.OpenIdMetadataUrl = new Uri("http://127.0.0.1:5000/v1/.well-known/openidconfiguration");

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void ToString_RedactsTheSecret()
    {
        var text = Valid().ToString();

        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("AppPassword=***", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token")]
    [InlineData("0e1f2a3b-4c5d-4e6f-8a9b-c0d1e2f3a4b5", "https://login.microsoftonline.com/0e1f2a3b-4c5d-4e6f-8a9b-c0d1e2f3a4b5/oauth2/v2.0/token")]
    public void EffectiveTokenEndpoint_DerivedFromTheTenant(string? tenant, string expected)
    {
        Assert.Equal(new Uri(expected), new BotFrameworkOptions { TenantId = tenant }.EffectiveTokenEndpoint);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/", null, true)]
    [InlineData("https://smba.trafficmanager.net/emea/", "https://smba.trafficmanager.net/", true)]
    [InlineData("https://smba.trafficmanager.net/emea/", "https://smba.trafficmanager.net/emea", true)]
    [InlineData("https://smba.trafficmanager.net/emeax/", "https://smba.trafficmanager.net/emea", false)]
    [InlineData("https://smba.trafficmanager.net.evil.example/emea/", "https://smba.trafficmanager.net/", false)]
    [InlineData("https://smba.trafficmanager.net:8443/emea/", "https://smba.trafficmanager.net/", false)]
    [InlineData("http://smba.trafficmanager.net/emea/", null, false)]
    [InlineData("https://user:pass@smba.trafficmanager.net/emea/", null, false)]
    public void ServiceUrlPolicy_Table(string serviceUrl, string? allowed, bool expected)
    {
        var options = Valid();
        options.AllowedServiceUrls = allowed is null ? [] : [allowed];
        var policy = new ServiceUrlPolicy(Options.Create(options));

        Assert.Equal(expected, policy.Check(new Uri(serviceUrl)) is null);
    }
}
