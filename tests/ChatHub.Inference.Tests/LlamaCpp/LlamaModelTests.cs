using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.Tests.TestSupport;
using ChatHub.Testing.Gguf;

namespace ChatHub.Inference.Tests.LlamaCpp;

[Collection(LlamaCollection.Name)]
public sealed class LlamaModelTests(LlamaFixture fixture)
{
    [Fact]
    public void Load_GeneratedModel_ReadsShapeVocabularyAndTemplate()
    {
        using var model = LlamaModel.Load(fixture.TinyModelPath);

        Assert.Equal(SyntheticModelShape.Tiny.VocabSize, model.VocabSize);
        Assert.Equal(SyntheticModelShape.Tiny.ParameterCount, model.ParameterCount);
        Assert.Equal(SyntheticModel.ChatTemplate, model.ChatTemplate);
        Assert.True(model.IsEndOfGeneration(SyntheticVocabulary.ImEnd));
        Assert.False(model.IsEndOfGeneration(100));
    }

    [Fact]
    public void Tokenize_TextAndControlTokens_RoundTripsThroughPieces()
    {
        using var model = LlamaModel.Load(fixture.TinyModelPath);

        var tokens = model.Tokenize("<|im_start|>hello world, ünïcode!", addSpecial: true, parseSpecial: true);
        var buffer = new byte[64];
        var bytes = tokens.Skip(2).SelectMany(token => buffer[..model.TokenToPiece(token, buffer)]).ToArray();
        var text = System.Text.Encoding.UTF8.GetString(bytes);

        Assert.Equal(SyntheticVocabulary.Bos, tokens[0]);
        Assert.Equal(SyntheticVocabulary.ImStart, tokens[1]);
        Assert.Equal(" hello world, ünïcode!", text); // SentencePiece adds the space prefix
    }

    [Fact]
    public void ApplyChatTemplate_ModelTemplate_WritesChatMlWithTheAssistantCue()
    {
        using var model = LlamaModel.Load(fixture.TinyModelPath);

        var text = LlamaModel.ApplyChatTemplate(model.ChatTemplate!, [("system", "Be brief."), ("user", "Hi")], addAssistant: true);

        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", text);
    }

    [Fact]
    public void Load_NotAGgufFile_ThrowsInvalidData()
    {
        var path = fixture.TempPath("not-a-model.gguf");
        File.WriteAllText(path, "this is not a model");

        var error = Assert.Throws<InvalidDataException>(() => LlamaModel.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_TinyRandomLlama2FromOtherTools_LoadsAndGeneratesDeterministically()
    {
        // A GGUF made by other tools than ours (Fixtures/models, committed with its origin).
        var path = FixtureModels.Path("llama-2-tiny-random.gguf");
        using var engine = LlamaEngine.Create(fixture.Options(path: path));
        var prompt = engine.Model.Tokenize("Hello, my name is", addSpecial: true, parseSpecial: false);

        var first = await LlamaEngineTests.GenerateAsync(engine, [prompt], maxTokens: 12);
        var second = await LlamaEngineTests.GenerateAsync(engine, [prompt], maxTokens: 12);

        Assert.Equal(32000, engine.Model.VocabSize);
        Assert.Equal(first[0], second[0]);
    }
}
