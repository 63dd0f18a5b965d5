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
        { "BudgetMaxWait", "BudgetMaxWait" },
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
            case "BudgetMaxWait": options.BudgetMaxWait = TimeSpan.Zero; break;
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
    [InlineData("https://smba.trafficmanager.net/teams/", null, true)]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/gcc/", null, true)]
    [InlineData("https://smba.infra.gov.teams.microsoft.us/teams/", null, true)]
    [InlineData("https://smba.infra.dod.teams.microsoft.us/teams/", null, true)]
    [InlineData("https://webchat.botframework.com/", null, true)]
    [InlineData("https://europe.directline.botframework.com/", null, true)]
    [InlineData("https://botframework.com/", null, false)]
    [InlineData("https://evil-botframework.com/", null, false)]
    [InlineData("https://webchat.botframework.com.evil.example/", null, false)]
    [InlineData("https://attacker.trafficmanager.net/emea/", null, false)]
    [InlineData("https://emea.smba.trafficmanager.net/", null, false)]
    [InlineData("https://smba.trafficmanager.net.evil.example/emea/", null, false)]
    [InlineData("https://smba.trafficmanager.net:8443/emea/", null, false)]
    [InlineData("http://smba.trafficmanager.net/emea/", null, false)]
    [InlineData("https://user:pass@smba.trafficmanager.net/emea/", null, false)]
    [InlineData("https://attacker.example/", null, false)]
    [InlineData("https://bots.contoso.example/connector/x", "https://bots.contoso.example/connector", true)]
    [InlineData("https://bots.contoso.example/connectorx/", "https://bots.contoso.example/connector", false)]
    [InlineData("https://a.b.contoso.example/", "https://*.contoso.example/", true)]
    [InlineData("https://contoso.example/", "https://*.contoso.example/", false)]
    public void ServiceUrlPolicy_DefaultsAndAdditions_Table(string serviceUrl, string? added, bool expected)
    {
        var options = Valid();
        options.AllowedServiceUrls = added is null ? [] : [added];
        var policy = new ServiceUrlPolicy(Options.Create(options));

        Assert.Equal(expected, policy.Check(new Uri(serviceUrl)) is null);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/", "https://smba.trafficmanager.net/", true)]
    [InlineData("https://smba.trafficmanager.net/emea/", "https://smba.trafficmanager.net/emea", true)]
    [InlineData("https://smba.trafficmanager.net/emeax/", "https://smba.trafficmanager.net/emea", false)]
    [InlineData("https://webchat.botframework.com/", "https://smba.trafficmanager.net/", false)]
    public void ServiceUrlPolicy_DefaultsOff_OnlyTheConfiguredPrefixes(string serviceUrl, string allowed, bool expected)
    {
        var options = Valid();
        options.UseDefaultServiceUrls = false;
        options.AllowedServiceUrls = [allowed];
        var policy = new ServiceUrlPolicy(Options.Create(options));

        Assert.Equal(expected, policy.Check(new Uri(serviceUrl)) is null);
    }

    [Theory]
    [InlineData("https://*.com/")]
    [InlineData("https://*/")]
    [InlineData("https://x.example/?q=1")]
    [InlineData("https://user:pw@x.example/")]
    [InlineData("not a url")]
    public void Validate_BadAllowedServiceUrl_FailsNamingIt(string allowed)
    {
        var options = Valid();
        options.AllowedServiceUrls = [allowed];

        var result = Validate(options);

        Assert.False(result.Succeeded);
        Assert.Contains("AllowedServiceUrls", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoServiceUrlAtAll_Fails()
    {
        var options = Valid();
        options.UseDefaultServiceUrls = false;

        var result = Validate(options);

        Assert.False(result.Succeeded);
        Assert.Contains("UseDefaultServiceUrls", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TenantIdAsDomain_FailsAskingForTheGuid()
    {
        var options = Valid();
        options.TenantId = "contoso.onmicrosoft.com";

        var result = Validate(options);

        Assert.False(result.Succeeded);
        Assert.Contains("TenantId must be the tenant id, a GUID", result.FailureMessage, StringComparison.Ordinal);
    }
}
