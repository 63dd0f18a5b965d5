using System.Text.Json;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.OpenAi;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Handoff;

/// <summary>
/// The hub's word list reaches the model stage's prompt-render filter: a listed word inside a knowledge-base passage
/// is masked before the prompt leaves for the model (the person's own text was checked by the worker already).
/// </summary>
public sealed class ModelStagePromptModerationTests : IAsyncLifetime
{
    private readonly string _words = Path.Combine(Path.GetTempPath(), $"chathub-words-{Guid.NewGuid():N}.txt");
    private FakeOpenAiServer _model = null!;
    private HubServer _hub = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_words, "chatbot\n");
        _model = await FakeOpenAiServer.StartAsync().DefaultTimeout();
        _model.Script = _ => FakeOpenAiTurn.Reply("An answer.");
        _hub = await HubServer.StartAsync(new Dictionary<string, string?>
        {
            ["Inference:OpenAI:Endpoint"] = _model.Endpoint.ToString(),
            ["Inference:OpenAI:Model"] = "fake-model",
            ["Inference:Knowledge:MinScore"] = "1000", // every question reaches the model stage
            ["Moderation:WordListPath"] = _words,
        });
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _model.DisposeAsync();
        File.Delete(_words);
    }

    [Fact]
    public async Task GroundedPrompt_PassageWithAListedWord_MaskedBeforeTheModel()
    {
        await using var person = await WebChatUser.JoinAsync(_hub.BaseAddress);

        Assert.StartsWith("An answer.", await person.AskAsync("Could you explain what ChatHub is?"), StringComparison.Ordinal);

        var prompt = string.Join("\n", _model.Bodies.Last().GetProperty("messages").EnumerateArray()
            .Select(m => m.GetProperty("content")).Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()));
        Assert.Contains("cross-platform", prompt, StringComparison.Ordinal); // the passage is there
        Assert.DoesNotContain("chatbot", prompt, StringComparison.OrdinalIgnoreCase);
    }
}
