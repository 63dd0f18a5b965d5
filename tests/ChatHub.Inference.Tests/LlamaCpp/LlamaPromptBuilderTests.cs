using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.LlamaCpp;

[Collection(LlamaCollection.Name)]
public sealed class LlamaPromptBuilderTests(LlamaFixture fixture)
{
    [Fact]
    public void Build_RememberedReply_PutsItBackAsTheTokensItWasGeneratedAs()
    {
        using var model = LlamaModel.Load(fixture.TinyModelPath);
        var replies = new LlamaReplyTokens();
        var builder = new LlamaPromptBuilder(model, "You are a test.", template: null, replies);
        var first = builder.Build(Messages.Ask("hello there"), 1000, out _);
        int[] generated = [.. model.Tokenize(" sunny and warm", addSpecial: false, parseSpecial: false), 7, 7]; // not what the text tokenizes to
        replies.Remember("sunny and warm!", generated);

        var second = builder.Build([.. Messages.Ask("hello there"), new(ChatRole.Assistant, "sunny and warm!"), new(ChatRole.User, "and tomorrow?")], 1000, out _);

        Assert.Equal(first, second[..first.Length]); // the follow-up's prompt starts with the first prompt...
        Assert.Equal(generated, second[first.Length..(first.Length + generated.Length)]); // ...then the reply as generated
        var plain = new LlamaPromptBuilder(model, "You are a test.", template: null)
            .Build([.. Messages.Ask("hello there"), new(ChatRole.Assistant, "sunny and warm!"), new(ChatRole.User, "and tomorrow?")], 1000, out _);
        Assert.Equal(plain[^8..], second[^8..]); // the rest as usual
        Assert.NotEqual(plain, second);
    }

    [Fact]
    public void Build_ReplyNotRemembered_TokenizesItsText()
    {
        using var model = LlamaModel.Load(fixture.TinyModelPath);
        var replies = new LlamaReplyTokens();
        replies.Remember("something else", [5, 6, 7]);
        List<ChatMessage> chat = [.. Messages.Ask("hello there"), new(ChatRole.Assistant, "sunny"), new(ChatRole.User, "and tomorrow?")];

        var withMemory = new LlamaPromptBuilder(model, "You are a test.", template: null, replies).Build(chat, 1000, out _);
        var without = new LlamaPromptBuilder(model, "You are a test.", template: null).Build(chat, 1000, out _);

        Assert.Equal(without, withMemory);
    }
}
