using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.LlamaCpp;

[Collection(LlamaCollection.Name)]
public sealed class LlamaEngineTests(LlamaFixture fixture)
{
    [Fact]
    public async Task Generate_Greedy_SameTokensAloneAndInBatchOfFour()
    {
        using var engine = LlamaEngine.Create(fixture.Options());
        var prompts = new[] { "hello there", "what is the weather today", "tell me a short story", "yes" }
            .Select(text => engine.Model.Tokenize(text, addSpecial: true, parseSpecial: false)).ToArray();

        var alone = await GenerateAsync(engine, [prompts[0]], maxTokens: 24);
        var together = await GenerateAsync(engine, prompts, maxTokens: 24);

        Assert.Equal(24, alone[0].Count);
        Assert.Equal(alone[0], together[0]);
        Assert.All(together, tokens => Assert.Equal(24, tokens.Count));
    }

    internal static async Task<List<int>[]> GenerateAsync(LlamaEngine engine, int[][] prompts, int maxTokens)
    {
        var requests = prompts.Select(prompt => new LlamaRequest(prompt, maxTokens, LlamaSamplingSettings.Greedy, interactive: true, CancellationToken.None)).ToArray();
        foreach (var request in requests)
        {
            Assert.True(engine.TrySubmit(request));
        }

        foreach (var request in requests)
        {
            await request.Pieces.ReadAllAsync().ToListWithTimeoutAsync();
            Assert.Equal(ChatFinishReason.Length, request.FinishReason);
        }

        return requests.Select(request => request.Tokens).ToArray();
    }
}
