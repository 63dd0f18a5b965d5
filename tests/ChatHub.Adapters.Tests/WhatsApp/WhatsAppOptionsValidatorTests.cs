using ChatHub.Adapters.WhatsApp;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Tests.WhatsApp;

/// <summary>Bad settings stop the host at start with a message naming the key, never a secret; each role needs only its secrets.</summary>
public sealed class WhatsAppOptionsValidatorTests
{
    private const string Token = "EAAG~access~token~never~shown";
    private const string AppSecret = "app~secret~never~shown";
    private const string VerifyToken = "verify~token~never~shown";

    private static WhatsAppOptions Valid() => new()
    {
        PhoneNumberId = "106540352242922",
        AccessToken = Token,
        AppSecret = AppSecret,
        VerifyToken = VerifyToken,
    };

    private static ValidateOptionsResult Validate(WhatsAppOptions options, HubRole roles = HubRole.All) =>
        new WhatsAppOptionsValidator(new HubRoles(roles)).Validate(null, options);

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(Validate(Valid()).Succeeded);
    }

    public static TheoryData<string, string> Invalid() => new()
    {
        { "PhoneNumberId", "PhoneNumberId" },
        { "PhoneNumberIdIsANumber", "PhoneNumberId" },
        { "AccessToken", "AccessToken" },
        { "AppSecret", "AppSecret" },
        { "VerifyToken", "VerifyToken" },
        { "ApiBaseUrl", "ApiBaseUrl must use https" },
        { "ApiBaseUrlQuery", "ApiBaseUrl must be an absolute https URL" },
        { "TemplateName", "WindowTemplate:Name" },
        { "TemplateLanguage", "WindowTemplate:Language" },
        { "ServiceWindow", "ServiceWindow" },
        { "MaxMessageAge", "MaxMessageAge" },
        { "RetryMaxDelay", "RetryMaxDelay" },
        { "PairInterval", "PairInterval" },
        { "FailedAuthRefill", "FailedAuthRefill" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadValue_FailsNamingTheKeyNotTheSecret(string key, string message)
    {
        var options = Valid();
        options.WindowTemplate = new WhatsAppTemplateOptions { Name = "we_have_an_answer", Language = "en_US" };
        switch (key)
        {
            case "PhoneNumberId": options.PhoneNumberId = "../me"; break;
            case "PhoneNumberIdIsANumber": options.PhoneNumberId = "+1 555 078 3881"; break;
            case "AccessToken": options.AccessToken = ""; break;
            case "AppSecret": options.AppSecret = null; break;
            case "VerifyToken": options.VerifyToken = "short"; break;
            case "ApiBaseUrl": options.ApiBaseUrl = new Uri("http://graph.facebook.com/v23.0/"); break;
            case "ApiBaseUrlQuery": options.ApiBaseUrl = new Uri("https://graph.facebook.com/v23.0/?access_token=x"); break;
            case "TemplateName": options.WindowTemplate.Name = "We Have An Answer"; break;
            case "TemplateLanguage": options.WindowTemplate.Language = "en-US; drop"; break;
            case "ServiceWindow": options.ServiceWindow = TimeSpan.FromHours(25); break;
            case "MaxMessageAge": options.MaxMessageAge = TimeSpan.FromDays(7); break;
            case "RetryMaxDelay": options.RetryMaxDelay = TimeSpan.FromMilliseconds(1); break;
            case "PairInterval": options.PairInterval = TimeSpan.Zero; break;
            default: options.FailedAuthRefill = TimeSpan.Zero; break;
        }

        var result = Validate(options);

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
        Assert.All([Token, AppSecret, VerifyToken], secret => Assert.DoesNotContain(secret, result.FailureMessage, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_IngressOnlyWithoutAccessToken_Succeeds()
    {
        var options = Valid();
        options.AccessToken = null;

        Assert.True(Validate(options, HubRole.Ingress).Succeeded);
    }

    [Fact]
    public void Validate_EgressOnlyWithoutAppSecretAndVerifyToken_Succeeds()
    {
        var options = Valid();
        options.AppSecret = null;
        options.VerifyToken = null;

        Assert.True(Validate(options, HubRole.Egress).Succeeded);
    }

    [Fact]
    public void Validate_HttpWithAllowInsecureHttp_Succeeds()
    {
        var options = Valid();
        options.ApiBaseUrl = new Uri("http://127.0.0.1:8080/v23.0/");
        options.AllowInsecureHttp = true;

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void ToString_Default_RedactsEverySecret()
    {
        var text = Valid().ToString();

        Assert.Contains("106540352242922", text, StringComparison.Ordinal);
        Assert.All([Token, AppSecret, VerifyToken], secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal));
    }
}
