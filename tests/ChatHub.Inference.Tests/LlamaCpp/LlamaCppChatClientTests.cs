using ChatHub.Inference.Abstractions;
using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.LlamaCpp;

[Collection(LlamaCollection.Name)]
public sealed class LlamaCppChatClientTests(LlamaFixture fixture)
{
    [Fact]
    public async Task GetStreamingResponseAsync_TinyModel_StreamsTokensThenUsageAndFinishReason()
    {
        using var client = LlamaCppChatClient.Create(fixture.Options(o => o.MaxTokens = 12));

        var updates = await client.GetStreamingResponseAsync(Messages.Ask("hello there")).ToListWithTimeoutAsync();

        var last = updates[^1];
        var usage = Assert.IsType<UsageContent>(Assert.Single(last.Contents));
        Assert.True(updates.Count > 2, "one update per token, then the usage");
        Assert.All(updates, update => Assert.Equal(ReplySources.Model, update.GetSource()));
        Assert.Equal(ChatFinishReason.Length, last.FinishReason);
        Assert.Equal(12, usage.Details.OutputTokenCount);
        Assert.NotEmpty(updates.ToChatResponse().Text);
    }

    [Fact]
    public async Task GetResponseAsync_Greedy_SameReplyEveryTime()
    {
        using var client = LlamaCppChatClient.Create(fixture.Options());

        var first = await client.GetResponseAsync(Messages.Ask("what is the weather today")).DefaultTimeout();
        var second = await client.GetResponseAsync(Messages.Ask("what is the weather today")).DefaultTimeout();

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(ReplySources.Model, first.GetSource());
        Assert.Equal(client.ModelId, first.ModelId);
    }

    [Fact]
    public async Task GetResponseAsync_EveryQueueFull_RepliesBusyFromTheSystem()
    {
        using var client = LlamaCppChatClient.Create(fixture.Options(o =>
            (o.MaxSequences, o.QueueCapacity, o.ContextSize, o.MaxTokens) = (1, 0, LlamaInstanceTests.LongContext, LlamaInstanceTests.LongReply)));
        using var cancellation = new CancellationTokenSource();
        await using var running = client.GetStreamingResponseAsync(Messages.Ask("tell me a story"), null, cancellation.Token).GetAsyncEnumerator();
        Assert.True(await running.MoveNextAsync().AsTask().DefaultTimeout()); // the only sequence is taken

        var busy = await client.GetResponseAsync(Messages.Ask("and me?")).DefaultTimeout();
        await cancellation.CancelAsync();

        Assert.Equal(ReplySources.System, busy.GetSource());
        Assert.Equal(new LlamaCppOptions().BusyReply, busy.Text);
    }

    [Fact]
    public async Task GetResponseAsync_ConversationLongerThanTheContext_DropsOldTurnsAndAnswers()
    {
        using var client = LlamaCppChatClient.Create(fixture.Options(o => (o.ContextSize, o.MaxTokens) = (256, 8)));
        var turns = Enumerable.Range(0, 40)
            .SelectMany(i => new[] { (ChatRole.User, $"question number {i} about the weather"), (ChatRole.Assistant, $"answer number {i} is good") })
            .Append((ChatRole.User, "and the last question?"))
            .ToArray();
        var conversation = Messages.Conversation(turns);

        var prompt = client.Prompts.Build(conversation, client.Engine.SequenceContextSize - 8, out var dropped);
        var response = await client.GetResponseAsync(conversation).DefaultTimeout();

        Assert.True(dropped > 0);
        Assert.True(prompt.Length <= client.Engine.SequenceContextSize - 8);
        var text = Detokenize(client, prompt);
        Assert.Contains("and the last question?", text, StringComparison.Ordinal);
        Assert.StartsWith("<s><|im_start|> system\nYou are a test.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("question number 0 ", text, StringComparison.Ordinal);
        Assert.Equal(ReplySources.Model, response.GetSource());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CanceledByTheCaller_ThrowsOperationCanceled()
    {
        using var client = LlamaCppChatClient.Create(fixture.Options(o => o.MaxTokens = 200));
        using var cancellation = new CancellationTokenSource();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Messages.Ask("go on"), null, cancellation.Token))
            {
                await cancellation.CancelAsync();
            }
        }).DefaultTimeout();

        Assert.Equal(cancellation.Token, error.CancellationToken);
    }

    private static string Detokenize(LlamaCppChatClient client, int[] tokens)
    {
        var buffer = new byte[64];
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            var length = client.Engine.Model.TokenToPiece(token, buffer, special: true);
            bytes.AddRange(buffer[..length]);
        }

        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }
}
