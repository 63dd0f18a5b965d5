using System.Text.Json;
using ChatHub.Inference.Abstractions;
using ChatHub.Inference.ModelStage;
using ChatHub.Inference.Tests.TestSupport;
using ChatHub.Testing.OpenAi;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference.Tests.ModelStage;

/// <summary>Operator HTTP tools from configuration: validated at start, allow-listed hosts, the secret header, escaping.</summary>
public sealed class HttpToolTests
{
    [Fact]
    public async Task GetTool_FillsEscapedPlaceholderQueryAndSecretHeader()
    {
        await using var service = await ModelStageToolCallingTests.StallingService.StartAsync("""{"status":"shipped"}""");
        await using var host = await ModelStageHost.StartAsync(Tool(service.Address + "/orders/{order}", "GET", secret: "s3cret"));
        host.Server.Script = body => body.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("role").GetString() == "tool")
            ? FakeOpenAiTurn.Reply("It has shipped.")
            : FakeOpenAiTurn.Call("operator_order_status", """{"order":"42/../admin?x=1","verbose":true}""");

        var response = await host.Client.GetResponseAsync(Messages.Ask("Where is my order?"), Person()).DefaultTimeout();

        Assert.Equal("It has shipped.", response.Text);
        Assert.Equal("/orders/42%2F..%2Fadmin%3Fx%3D1?verbose=true", Assert.Single(service.Paths));
        Assert.Equal("s3cret", Assert.Single(service.Headers)["X-Api-Key"]);
        Assert.Contains("shipped", Assert.Single(host.Sent(1), m => m.Role == "tool").Content, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", host.Server.Bodies.Select(body => body.GetRawText()).Aggregate(string.Concat), StringComparison.Ordinal);
    }

    /// <summary>The tool's service learns who asks: the hub user id, in the configured header (none when off or anonymous).</summary>
    [Theory]
    [InlineData(null, "p1", "X-ChatHub-User", "p1")]
    [InlineData("X-Customer", "p1", "X-Customer", "p1")]
    [InlineData("", "p1", "X-ChatHub-User", null)]
    [InlineData(null, null, "X-ChatHub-User", null)]
    public async Task Tool_CallerHeader_CarriesTheHubUserId(string? setting, string? person, string header, string? expected)
    {
        await using var service = await ModelStageToolCallingTests.StallingService.StartAsync("""{"status":"shipped"}""");
        var settings = Tool(service.Address + "/orders/{order}", "GET", secret: "s3cret");
        if (setting is not null)
        {
            settings["Inference:Tools:CallerHeader"] = setting;
        }

        await using var host = await ModelStageHost.StartAsync(settings);
        host.Server.Script = body => body.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("role").GetString() == "tool")
            ? FakeOpenAiTurn.Reply("It has shipped.")
            : FakeOpenAiTurn.Call("operator_order_status", """{"order":"42"}""");

        var options = person is null ? null : new ChatOptions().WithRequestContext(new ChatRequestContext(person, "telegram"));
        await host.Client.GetResponseAsync(Messages.Ask("Where is my order?"), options).DefaultTimeout();

        var headers = Assert.Single(service.Headers);
        Assert.Equal(expected, headers.GetValueOrDefault(header));
        Assert.Equal("s3cret", headers["X-Api-Key"]);
    }

    [Theory]
    [InlineData("X Bad")]
    [InlineData("X-Api-Key")]
    public void Validator_CallerHeaderNotAHeaderNameOrTheSecretOne_Refused(string header)
    {
        var options = new ToolOptions { AllowedHosts = ["127.0.0.1"], CallerHeader = header };
        options.Http.Add(new HttpToolOptions
        {
            Name = "t", Description = "d", Url = "http://127.0.0.1/a", SecretHeader = new HttpToolSecretHeader { Name = "x-api-key", Value = "v" },
        });

        var failures = new ToolOptionsValidator().Validate(null, options).Failures!;

        Assert.Contains(failures, f => f.StartsWith("Inference:Tools:CallerHeader must be a header name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tool_ArgumentsNotMatchingTheSchema_AreRefusedWithoutACall()
    {
        await using var service = await ModelStageToolCallingTests.StallingService.StartAsync("{}");
        await using var host = await ModelStageHost.StartAsync(Tool(service.Address + "/orders/{order}", "POST"));
        host.Server.Script = body => body.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("role").GetString() == "tool") switch
        {
            0 => FakeOpenAiTurn.Call("operator_order_status", """{"order":42}"""),
            1 => FakeOpenAiTurn.Call("operator_order_status", """{"verbose":true}"""),
            _ => FakeOpenAiTurn.Reply("Could not check."),
        };

        var response = await host.Client.GetResponseAsync(Messages.Ask("Where is my order?"), Person()).DefaultTimeout();

        Assert.Equal("Could not check.", response.Text);
        Assert.Empty(service.Paths);
        Assert.Contains("must be of type string", Assert.Single(host.Sent(1), m => m.Role == "tool").Content, StringComparison.Ordinal);
        Assert.Contains(host.Sent(2), m => m.Role == "tool" && m.Content.Contains("Missing required argument 'order'", StringComparison.Ordinal));
    }

    /// <summary>
    /// Escaping leaves "." and ".." as they are and <see cref="Uri"/> folds such a segment, so a model steered by the
    /// person would reach /{anything} on the allowed host with the secret header: /orders/.. is /.
    /// </summary>
    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    public async Task Tool_PlaceholderIsADotSegment_RefusedWithoutACall(string order)
    {
        await using var service = await ModelStageToolCallingTests.StallingService.StartAsync("{}");
        await using var host = await ModelStageHost.StartAsync(Tool(service.Address + "/orders/{order}", "GET", secret: "s3cret"));
        host.Server.Script = body => body.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("role").GetString() == "tool")
            ? FakeOpenAiTurn.Reply("Could not check.")
            : FakeOpenAiTurn.Call("operator_order_status", JsonSerializer.Serialize(new { order }));

        var response = await host.Client.GetResponseAsync(Messages.Ask("Where is my order?"), Person()).DefaultTimeout();

        Assert.Equal("Could not check.", response.Text);
        Assert.Empty(service.Paths);
        Assert.Contains("may not be", Assert.Single(host.Sent(1), m => m.Role == "tool").Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_ServiceRedirects_RedirectIsNotFollowed()
    {
        await using var service = await ModelStageToolCallingTests.StallingService.StartAsync(redirectTo: "http://127.0.0.2:9/steal");
        await using var host = await ModelStageHost.StartAsync(Tool(service.Address + "/orders/{order}", "GET"));
        host.Server.Script = body => body.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("role").GetString() == "tool")
            ? FakeOpenAiTurn.Reply("No luck.")
            : FakeOpenAiTurn.Call("operator_order_status", """{"order":"1"}""");

        var response = await host.Client.GetResponseAsync(Messages.Ask("Where is my order?"), Person()).DefaultTimeout();

        Assert.Equal("No luck.", response.Text);
        Assert.Contains("The tool failed", Assert.Single(host.Sent(1), m => m.Role == "tool").Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://evil.example/orders/{order}", "GET", "host evil.example is not in Inference:Tools:AllowedHosts")]
    [InlineData("http://{order}.127.0.0.1/x", "GET", "never in the host")]
    [InlineData("ftp://127.0.0.1/{order}", "GET", "absolute http(s) URL")]
    [InlineData("http://127.0.0.1/{missing}", "GET", "placeholder {missing} must be a required property")]
    [InlineData("http://127.0.0.1/{order}", "DELETE", "Method must be GET or POST")]
    public void Validator_BadTool_FailsNamingTheSetting(string url, string method, string expected)
    {
        var options = new ToolOptions { AllowedHosts = ["127.0.0.1"] };
        options.Http.Add(new HttpToolOptions
        {
            Name = "order_status",
            Description = "d",
            Url = url,
            Method = method,
            Parameters = """{"type":"object","properties":{"order":{"type":"string"}},"required":["order"]}""",
        });

        var result = new ToolOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.StartsWith("Inference:Tools:Http:0:", StringComparison.Ordinal) && failure.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validator_DuplicateOrBuiltInNameBadSchemaAndHalfASecret_AllReported()
    {
        var options = new ToolOptions { AllowedHosts = ["127.0.0.1"] };
        options.Http.Add(new HttpToolOptions { Name = "handoff", Description = "d", Url = "http://127.0.0.1/a" });
        options.Http.Add(new HttpToolOptions { Name = "x", Description = "d", Url = "http://127.0.0.1/b", Parameters = """{"type":"string"}""" });
        options.Http.Add(new HttpToolOptions { Name = "y", Description = "", Url = "http://127.0.0.1/c", SecretHeader = new HttpToolSecretHeader { Name = "X-Key" } });

        var failures = new ToolOptionsValidator().Validate(null, options).Failures!.ToArray();

        Assert.Contains(failures, f => f.StartsWith("Inference:Tools:Http:0:Name 'handoff' is taken", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Tools:Http:1:Parameters must be a JSON schema of type object", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Tools:Http:2:Description is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Inference:Tools:Http:2:SecretHeader needs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_ToolOutsideTheAllowList_StopsTheHost()
    {
        var settings = Tool("http://203.0.113.9/orders/{order}", "GET");
        settings["Inference:Tools:AllowedHosts:0"] = "127.0.0.1";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ModelStageHost.StartAsync(settings)).DefaultTimeout();

        Assert.Contains("host 203.0.113.9 is not in Inference:Tools:AllowedHosts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ToString_HidesTheSecret()
    {
        var options = new HttpToolOptions { Name = "t", SecretHeader = new HttpToolSecretHeader { Name = "X-Api-Key", Value = "s3cret" } };

        Assert.DoesNotContain("s3cret", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", options.SecretHeader.ToString(), StringComparison.Ordinal);
    }

    private static ChatOptions Person() => new ChatOptions().WithRequestContext(new ChatRequestContext("p1", "telegram"));

    private static Dictionary<string, string?> Tool(string url, string method, string? secret = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Inference:Tools:AllowedHosts:0"] = "127.0.0.1",
            ["Inference:Tools:Http:0:Name"] = "order_status",
            ["Inference:Tools:Http:0:Description"] = "The status of an order.",
            ["Inference:Tools:Http:0:Method"] = method,
            ["Inference:Tools:Http:0:Url"] = url,
            ["Inference:Tools:Http:0:Parameters"] = JsonSerializer.Serialize(new
            {
                type = "object",
                properties = new { order = new { type = "string" }, verbose = new { type = "boolean" } },
                required = new[] { "order" },
            }),
        };
        if (secret is not null)
        {
            settings["Inference:Tools:Http:0:SecretHeader:Name"] = "X-Api-Key";
            settings["Inference:Tools:Http:0:SecretHeader:Value"] = secret;
        }

        return settings;
    }
}
