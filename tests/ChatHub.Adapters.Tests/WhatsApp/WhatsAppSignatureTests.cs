using System.Text;
using ChatHub.Adapters.WhatsApp.Ingress;

namespace ChatHub.Adapters.Tests.WhatsApp;

/// <summary>X-Hub-Signature-256: the HMAC-SHA256 of the exact bytes with the app secret, <c>sha256=</c> and 64 hex digits.</summary>
public sealed class WhatsAppSignatureTests
{
    private const string Secret = "app-secret";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"object\":\"whatsapp_business_account\",\"entry\":[]}");

    // HMAC-SHA256("app-secret", Body), computed independently: printf '%s' BODY | openssl dgst -sha256 -hmac app-secret
    private const string Expected = "sha256=d3e4f9da0ce6c71ab3dba55929b8eeeee2455349e534924ead19f98d143e904f";

    [Fact]
    public void IsValid_SignatureOfTheBody_True()
    {
        Assert.Equal(Expected, WhatsAppSignature.Sign(Secret, Body));
        Assert.True(new WhatsAppSignature(Secret).IsValid(Expected, Body));
        Assert.True(new WhatsAppSignature(Secret).IsValid(Expected.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal), Body));
    }

    public static TheoryData<string?> Wrong() => new()
    {
        null,
        "",
        "sha256=",
        Expected[..^1],
        Expected + "0",
        Expected.Replace("sha256=", "SHA256=", StringComparison.Ordinal),
        Expected.Replace("sha256=", "sha1=", StringComparison.Ordinal),
        Expected[7..],
        "sha256=" + new string('g', 64),
        "sha256=" + new string('0', 64),
        " " + Expected,
    };

    [Theory]
    [MemberData(nameof(Wrong))]
    public void IsValid_MissingMalformedOrWrong_False(string? header)
    {
        Assert.False(new WhatsAppSignature(Secret).IsValid(header, Body));
    }

    [Fact]
    public void IsValid_OneByteOfTheBodyChanged_False()
    {
        var changed = (byte[])Body.Clone();
        changed[^2] ^= 1;

        Assert.False(new WhatsAppSignature(Secret).IsValid(Expected, changed));
        Assert.False(new WhatsAppSignature(Secret + "x").IsValid(Expected, Body));
    }
}
