using System.Text.Json;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.OpenAi;
using Microsoft.Playwright;

namespace ChatHub.Hub.Tests.Browser;

/// <summary>
/// A knowledge-grounded model answer in the real widget: the hub's model stage (Semantic Kernel) puts the best FAQ
/// passages into the prompt of an OpenAI-compatible backend (a loopback fake), and the widget shows the answer with the
/// FAQ entries it was grounded in.
/// </summary>
public sealed class GroundedAnswerBrowserTests : IAsyncLifetime
{
    private const string Answer = "ChatHub is a hub that connects one bot to many chat platforms.";
    private FakeOpenAiServer _model = null!;
    private HubServer _hub = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        // The answer only when the FAQ passage reached the prompt: an ungrounded request gets something else.
        _model.Script = body => FakeOpenAiTurn.Reply(
            body.GetProperty("messages").EnumerateArray().Any(m => m.GetProperty("content").ValueKind == JsonValueKind.String
                && m.GetProperty("content").GetString()!.Contains("What is ChatHub?", StringComparison.Ordinal))
                ? Answer
                : "I do not know.");
        _hub = await HubServer.StartAsync(new Dictionary<string, string?>
        {
            ["Inference:OpenAI:Endpoint"] = _model.Endpoint.ToString(),
            ["Inference:OpenAI:Model"] = "fake-model",
            ["Inference:Knowledge:MinScore"] = "1000", // no direct knowledge-base answer: every question reaches the model stage
        });
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Widget_QuestionTheModelAnswersFromTheFaq_ShowsTheAnswerAndItsSources()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = await session.Browser.NewPageAsync();
        await page.GotoAsync(_hub.BaseAddress.ToString());

        await page.Locator("#chathub-input").FillAsync("Could you explain what ChatHub is?");
        await page.Locator("#chathub-send").ClickAsync();

        var reply = page.Locator(".chathub-msg--bot[data-final='true']").Last;
        await Assertions.Expect(reply).ToContainTextAsync(Answer, new() { Timeout = 20_000 });
        await Assertions.Expect(reply).ToContainTextAsync("Sources: What is ChatHub?");
        Assert.True(_model.Requests > 0);
    }
}
