using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ChatHub.Hub.Extensions;
using ChatHub.Hub.Tests.Infrastructure;

namespace ChatHub.Hub.Tests.Linking;

/// <summary>Issue 15, item 7, against the real composition: the admin API's keys, auditing and management address.</summary>
public sealed class AdminSecurityTests
{
    private const string Ops = "ops-key-7Hq2Vx9pLm3Nc8Rt";
    private const string Backup = "backup-key-Zy4Wk6Jd1Fs5Bg0Q";

    private static HttpRequestMessage Request(HttpMethod method, string path, string? key, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static async Task<string> HubUserOfAsync(HttpClient http, string key, WebChatUser user)
    {
        using var response = await http.SendAsync(Request(HttpMethod.Get, $"/admin/users?channel=webchat&userId={user.ConversationId}", key)).DefaultTimeout();
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout()).GetProperty("hubUserId").GetString()!;
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"text\": 42}")]
    public async Task Attack_NoKeyAndABadBody_401BeforeTheBodyIsRead(string body)
    {
        await using var server = await HubServer.StartAsync(new Dictionary<string, string?> { ["Admin:Keys:ops"] = Ops });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var missing = await http.SendAsync(Request(HttpMethod.Post, "/admin/users/u_x/messages", null, body)).DefaultTimeout();
        using var wrong = await http.SendAsync(Request(HttpMethod.Post, "/admin/users/u_x/messages", "wrong-key-0123456789", body)).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task NamedKeys_EitherWorks_EveryCallOnAUserIsAuditedWithTheKeysName_ProactiveTextNot()
    {
        await using var server = await HubServer.StartAsync(new Dictionary<string, string?> { ["Admin:Keys:ops"] = Ops, ["Admin:Keys:backup-job"] = Backup });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        await using var user = await WebChatUser.JoinAsync(server.BaseAddress);
        await user.AskAsync("/help");
        var hubUser = await HubUserOfAsync(http, Backup, user);

        using var sent = await http.SendAsync(Request(HttpMethod.Post, $"/admin/users/{hubUser}/messages", Ops, "{\"text\":\"Maintenance at 17:00\"}")).DefaultTimeout();
        await user.NextFinalAsync();
        using var audit = await http.SendAsync(Request(HttpMethod.Get, $"/admin/users/{hubUser}/audit", Backup)).DefaultTimeout();
        var entries = await audit.Content.ReadFromJsonAsync<JsonElement>().DefaultTimeout();
        var text = entries.GetRawText();

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Contains(entries.EnumerateArray(), e => e.GetProperty("action").GetString() == "admin.message"
            && e.GetProperty("details").GetString()!.Contains("'ops'", StringComparison.Ordinal));
        Assert.Contains(entries.EnumerateArray(), e => e.GetProperty("action").GetString() == "admin.read"
            && e.GetProperty("details").GetString()!.Contains("'backup-job'", StringComparison.Ordinal));
        Assert.DoesNotContain("Maintenance", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Ops, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Admin:ApiKey", "aaaaaaaaaaaaaaaa")]
    [InlineData("Admin:ApiKey", "abababababababababababab")]
    [InlineData("Admin:Keys:ops", "0000000000000000000000000000000")]
    [InlineData("Admin:Keys:ops", "short-key")]
    public async Task Start_LowEntropyKey_RefusedNamingTheSettingNotTheKey(string setting, string key)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => HubServer.StartAsync(new Dictionary<string, string?> { [setting] = key }));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagementAddress_AdminMetricsAndDetailedReadinessOnlyThere_PublicReadinessStatusOnly()
    {
        var port = FreePort();
        await using var server = await HubServer.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:Keys:ops"] = Ops, ["Admin:Urls"] = $"http://127.0.0.1:{port}",
        });
        using var publicHttp = new HttpClient { BaseAddress = server.BaseAddress };
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient http, string path, string? key = null)
        {
            using var response = await http.SendAsync(Request(HttpMethod.Get, path, key)).DefaultTimeout();
            return (response.StatusCode, await response.Content.ReadAsStringAsync().DefaultTimeout());
        }

        var publicAdmin = await GetAsync(publicHttp, "/admin/users?channel=webchat&userId=x", Ops);
        var publicMetrics = await GetAsync(publicHttp, "/metrics");
        var publicReady = await GetAsync(publicHttp, "/readyz");
        var managedAdmin = await GetAsync(management, "/admin/users?channel=webchat&userId=x", Ops);
        var managedMetrics = await GetAsync(management, "/metrics");
        var managedReady = await GetAsync(management, "/readyz");
        var managedWidget = await GetAsync(management, "/widget.js");
        var publicWidget = await GetAsync(publicHttp, "/widget.js");

        Assert.Equal(HttpStatusCode.NotFound, publicAdmin.Status);
        Assert.Equal(HttpStatusCode.NotFound, publicMetrics.Status);
        Assert.Equal(HttpStatusCode.OK, publicReady.Status);
        Assert.DoesNotContain("checks", publicReady.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, managedAdmin.Status); // authenticated, and no such person
        Assert.Contains("No hub user", managedAdmin.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, managedMetrics.Status);
        Assert.Contains("\"checks\"", managedReady.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, managedWidget.Status);
        Assert.Equal(HttpStatusCode.OK, publicWidget.Status);
    }

    [Fact]
    public async Task ManagementAddress_WithHttpPorts_ThePublicListenerStaysOnThosePorts()
    {
        // The container image and deploy/k8s set ASPNETCORE_HTTP_PORTS, not urls: a management address must not move
        // the public listener to the default address.
        var (publicPort, managementPort) = (FreePort(), FreePort());
        var app = ChatHubApplication.Create(new WebApplicationOptions
        {
            Args =
            [
                $"--http_ports={publicPort}", "--Storage:Provider=memory", "--environment=Development",
                $"--Admin:Keys:ops={Ops}", $"--Admin:Urls=http://127.0.0.1:{managementPort}",
            ],
            ContentRootPath = RepoPaths.HubProject,
        }, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync().DefaultTimeout();
        try
        {
            using var publicHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{publicPort}") };
            using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };

            using var widget = await publicHttp.GetAsync("/widget.js").DefaultTimeout();
            using var metrics = await management.GetAsync("/metrics").DefaultTimeout();
            using var publicMetrics = await publicHttp.GetAsync("/metrics").DefaultTimeout();

            Assert.Equal(HttpStatusCode.OK, widget.StatusCode);
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, publicMetrics.StatusCode);
        }
        finally
        {
            await app.StopAsync().DefaultTimeout();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Start_ManagementPortAlsoAnHttpPort_Refused()
    {
        var port = FreePort();
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var app = ChatHubApplication.Create(new WebApplicationOptions
            {
                Args = [$"--http_ports={port}", "--Storage:Provider=memory", $"--Admin:Keys:ops={Ops}", $"--Admin:Urls=http://127.0.0.1:{port}"],
                ContentRootPath = RepoPaths.HubProject,
            });
        });
        Assert.Contains($"port {port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ManagementUrlWithoutAPort_Refused()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => HubServer.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:Keys:ops"] = Ops, ["Admin:Urls"] = "http://127.0.0.1",
        }));
        Assert.Contains("Admin:Urls", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A port free just now. The management address cannot be port 0: the hub tells management requests by the port
    /// they arrived on and refuses a URL without a port of its own (ManagementAddress). Another process could take the
    /// port before the hub binds it; that start then fails with "address already in use" (rare, not retried).
    /// </summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
