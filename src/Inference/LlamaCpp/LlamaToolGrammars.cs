using System.Collections.Concurrent;
using ChatHub.Inference.LlamaCpp.Native;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>
/// The tool-call grammars of one model, by the tools offered: built (<see cref="LlamaToolGrammar"/>), checked once
/// with llama.cpp's own parser (a grammar it rejects is a bug here and throws before anything is queued), and kept
/// (at most 64 sets of tools). The lazy ones trigger on <c>&lt;tool_call&gt;</c>, also as a token when the vocabulary
/// has it as one.
/// </summary>
internal sealed class LlamaToolGrammars(LlamaModel model)
{
    private const int MaxKept = 64;
    private readonly ConcurrentDictionary<string, string> _checked = new(StringComparer.Ordinal);
    private readonly Lazy<int?> _triggerToken = new(() =>
        model.Tokenize(LlamaToolGrammar.Open, addSpecial: false, parseSpecial: true) is [var token] ? token : null);

    public LlamaGrammar For(IReadOnlyList<AIFunctionDeclaration> tools, bool lazy)
    {
        var text = LlamaToolGrammar.Build(tools);
        if (!_checked.ContainsKey(text))
        {
            var sampler = LlamaSamplerChain.CreateGrammar(new LlamaGrammar(text), model.Vocab);
            if (sampler == 0)
            {
                throw new InvalidOperationException("llama.cpp rejected the tool-call grammar built for these tools.");
            }

            LlamaNative.SamplerFree(sampler);
            if (_checked.Count >= MaxKept)
            {
                _checked.Clear();
            }

            _checked.TryAdd(text, text);
        }

        return lazy ? new LlamaGrammar(text, LlamaToolGrammar.TriggerPattern, _triggerToken.Value) : new LlamaGrammar(text);
    }
}
