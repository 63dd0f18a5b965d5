using System.ComponentModel;
using System.Text.Json;
using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.LlamaCpp.Native;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.LlamaCpp;

/// <summary>The tool-call grammar is one llama.cpp's own parser accepts, whatever the tools' schemas; calls parse back.</summary>
[Collection(LlamaCollection.Name)]
public sealed class LlamaToolGrammarTests(LlamaFixture fixture)
{
    public enum Owner
    {
        Person,
        Team,
    }

    [Fact]
    public void Build_ToolsOfManyShapes_LlamaCppParsesTheGrammar()
    {
        AIFunction[] tools =
        [
            AIFunctionFactory.Create(() => "now", "no_arguments", "Takes nothing."),
            AIFunctionFactory.Create(([Description("The city.")] string city) => city, "weather", "One required string."),
            AIFunctionFactory.Create(
                (string query, int limit = 3, double weight = 0.5, bool exact = false, Owner owner = Owner.Person) => query,
                "search", "Required and optional values of every simple type, and an enum."),
            AIFunctionFactory.Create((Dictionary<string, string> tags, string[] names, Place place) => "ok", "nested", "Objects and arrays."),
        ];
        using var model = LlamaModel.Load(fixture.ToolCallingModelPath);

        foreach (var tool in tools)
        {
            var sampler = LlamaSamplerChain.CreateGrammar(new LlamaGrammar(LlamaToolGrammar.Build([tool])), model.Vocab);
            Assert.True(sampler != 0, $"llama.cpp rejected the grammar of {tool.Name}:\n{LlamaToolGrammar.Build([tool])}");
            LlamaNative.SamplerFree(sampler);
        }

        var all = new LlamaToolGrammars(model).For(tools, lazy: true);
        Assert.Equal(LlamaToolGrammar.TriggerPattern, all.TriggerPattern);
    }

    [Theory]
    [InlineData("<tool_call>\n{\"name\": \"weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call>", "", "weather")]
    [InlineData("Let me look.<tool_call>{\"name\":\"weather\",\"arguments\":{\"city\":\"Oslo\"}}</tool_call>", "Let me look.", "weather")]
    [InlineData("<tool_call>{\"name\": \"weather\", \"arguments\": {\"city\": </tool_call>", "<tool_call>{\"name\": \"weather\", \"arguments\": {\"city\": </tool_call>", null)]
    [InlineData("<tool_call>{\"arguments\": {}}</tool_call>", "<tool_call>{\"arguments\": {}}</tool_call>", null)]
    [InlineData("<tool_call>{\"name\": \"weather\"", "<tool_call>{\"name\": \"weather\"", null)]
    [InlineData("plain text", "plain text", null)]
    public void Parse_Outputs_SplitsTextAndCalls(string output, string text, string? call)
    {
        var (parsedText, calls) = LlamaToolCalls.Parse(output);

        Assert.Equal(text, parsedText);
        Assert.Equal(call, calls.SingleOrDefault()?.Name);
        if (call is not null)
        {
            Assert.Equal("Oslo", Assert.IsType<JsonElement>(calls[0].Arguments!["city"]).GetString());
        }
    }

    [Theory]
    [InlineData("abc", 0)]
    [InlineData("abc<", 1)]
    [InlineData("abc<tool_", 6)]
    [InlineData("<tool_call", 10)]
    [InlineData("a<b", 0)]
    public void PossibleOpeningAtEnd_Tails_HoldsBackOnlyAPossibleStartOfACall(string text, int held) =>
        Assert.Equal(held, LlamaToolCalls.PossibleOpeningAtEnd(text));

    [Theory]
    [InlineData("<tool_call>\n{\"name\": \"weather\", \"argu", "")]
    [InlineData("Let me look.<tool_call>{\"name\"", "Let me look.")]
    [InlineData("<tool_call>{}</tool_call> then <tool_call>{", "<tool_call>{}</tool_call> then ")]
    [InlineData("<tool_call>{\"name\": \"x\"}</tool_call>", "<tool_call>{\"name\": \"x\"}</tool_call>")]
    [InlineData("plain text", "plain text")]
    public void WithoutUnterminatedCall_CallCutShort_OnlyTheTextBeforeItStays(string text, string kept)
    {
        Assert.Equal(kept, LlamaToolCalls.WithoutUnterminatedCall(text, out var dropped));
        Assert.Equal(text.Length - kept.Length, dropped);
    }

    public sealed record Place(string Name, double Latitude, double Longitude);
}
