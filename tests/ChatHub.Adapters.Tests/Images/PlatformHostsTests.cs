using ChatHub.Adapters.Abstractions;

namespace ChatHub.Adapters.Tests.Images;

/// <summary>The SSRF check: only a platform's own hosts, by scheme, host and port.</summary>
public sealed class PlatformHostsTests
{
    private static readonly Uri[] Cdn = [new("https://cdn.discordapp.com"), new("https://media.discordapp.net")];

    [Theory]
    [InlineData("https://cdn.discordapp.com/attachments/1/2/a.png?ex=1", true)]
    [InlineData("https://media.discordapp.net/attachments/1/2/a.png", true)]
    [InlineData("https://CDN.discordapp.com/attachments/1/2/a.png", true)]
    [InlineData("http://cdn.discordapp.com/attachments/1/2/a.png", false)] // another scheme
    [InlineData("https://cdn.discordapp.com:8443/attachments/1/2/a.png", false)] // another port
    [InlineData("https://cdn.discordapp.com.evil.example/a.png", false)]
    [InlineData("https://evil.example/?https://cdn.discordapp.com/a.png", false)]
    [InlineData("https://user:pass@cdn.discordapp.com/a.png", false)] // credentials in the URL
    [InlineData("http://127.0.0.1:5080/admin/users", false)]
    [InlineData("http://169.254.169.254/latest/meta-data/", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("/attachments/1/2/a.png", false)] // relative
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OnAny_Url_AllowedOnlyOnTheBases(string? url, bool allowed)
    {
        Assert.Equal(allowed, PlatformHosts.OnAny(url, Cdn) is not null);
    }

    [Fact]
    public void DownloadHandler_DoesNotFollowRedirects()
    {
        using var handler = PlatformHosts.DownloadHandler();

        Assert.False(handler.AllowAutoRedirect);
    }
}
