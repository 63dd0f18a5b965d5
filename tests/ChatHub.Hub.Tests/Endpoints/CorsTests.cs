using ChatHub.Hub.Tests.Infrastructure;

namespace ChatHub.Hub.Tests.Endpoints;

public sealed class CorsTests
{
    [Fact]
    public async Task Negotiate_FromAllowedOrigin_GrantedWithCredentials()
    {
        await using var server = await HubServer.StartAsync(new Dictionary<string, string?>
        {
            ["Channels:WebChat:AllowedOrigins:0"] = "https://shop.example",
        });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Options, "/hubs/chat/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", "https://shop.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        var response = await http.SendAsync(request).DefaultTimeout();

        Assert.Equal("https://shop.example", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));
    }

    [Fact]
    public async Task Start_InvalidRoles_FailsWithClearMessage()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => HubServer.StartAsync(new Dictionary<string, string?> { ["Hub:Roles"] = "chef" }));
        Assert.Contains("chef", error.Message, StringComparison.Ordinal);
    }
}
