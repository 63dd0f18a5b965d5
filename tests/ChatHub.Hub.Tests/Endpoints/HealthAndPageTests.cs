using System.Net;
using ChatHub.Hub.Tests.Infrastructure;

namespace ChatHub.Hub.Tests.Endpoints;

public sealed class HealthAndPageTests : IClassFixture<HubServerFixture>
{
    private readonly HubServerFixture _hub;

    public HealthAndPageTests(HubServerFixture hub) => _hub = hub;

    [Fact]
    public async Task Healthz_Live_Returns200()
    {
        using var http = new HttpClient { BaseAddress = _hub.BaseAddress };
        var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative)).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_PipelineRunning_Returns200WithChecks()
    {
        using var http = new HttpClient { BaseAddress = _hub.BaseAddress };
        var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout();
        var body = await response.Content.ReadAsStringAsync().DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"pipeline\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_ServesChatPage()
    {
        using var http = new HttpClient { BaseAddress = _hub.BaseAddress };
        var html = await http.GetStringAsync(new Uri("/", UriKind.Relative)).DefaultTimeout();
        Assert.Contains("widget.js", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WidgetJs_ServedAsJavaScript()
    {
        using var http = new HttpClient { BaseAddress = _hub.BaseAddress };
        var response = await http.GetAsync(new Uri("/widget.js", UriKind.Relative)).DefaultTimeout();
        var script = await response.Content.ReadAsStringAsync().DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("javascript", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("hubs/chat", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPath_Returns404NotServerError()
    {
        using var http = new HttpClient { BaseAddress = _hub.BaseAddress };
        var response = await http.GetAsync(new Uri("/no/such/thing", UriKind.Relative)).DefaultTimeout();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Negotiate_FromUnlistedOrigin_NoCorsGrant()
    {
        using var http = new HttpClient { BaseAddress = _hub.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Options, "/hubs/chat/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        var response = await http.SendAsync(request).DefaultTimeout();
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
