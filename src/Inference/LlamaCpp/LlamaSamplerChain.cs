using ChatHub.Inference.LlamaCpp.Native;

namespace ChatHub.Inference.LlamaCpp;

/// <summary>Builds the sampler chain of one sequence (chains are stateful, so one per sequence).</summary>
internal static class LlamaSamplerChain
{
    public static SafeLlamaSamplerHandle Create(LlamaSamplingSettings settings, nint vocab, int vocabSize)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parameters = LlamaNative.SamplerChainDefaultParams();
        parameters.NoPerf = true;
        var chain = new SafeLlamaSamplerHandle(Check(LlamaNative.SamplerChainInit(parameters), "llama_sampler_chain_init"));
        try
        {
            if (settings.Grammar is { } grammar)
            {
                Add(chain, CreateGrammar(grammar, vocab), "llama_sampler_init_grammar");
            }

            if (settings.IsGreedy)
            {
                Add(chain, LlamaNative.SamplerInitGreedy(), "llama_sampler_init_greedy");
                return chain;
            }

            if (settings.TopK > 0 && settings.TopK < vocabSize)
            {
                Add(chain, LlamaNative.SamplerInitTopK(settings.TopK), "llama_sampler_init_top_k");
            }

            if (settings.TopP < 1)
            {
                Add(chain, LlamaNative.SamplerInitTopP(settings.TopP, 1), "llama_sampler_init_top_p");
            }

            if (settings.MinP > 0)
            {
                Add(chain, LlamaNative.SamplerInitMinP(settings.MinP, 1), "llama_sampler_init_min_p");
            }

            Add(chain, LlamaNative.SamplerInitTemperature(settings.Temperature), "llama_sampler_init_temp");
            Add(chain, LlamaNative.SamplerInitDistribution(settings.Seed), "llama_sampler_init_dist");
            return chain;
        }
        catch
        {
            chain.Dispose();
            throw;
        }
    }

    /// <summary>A grammar sampler (NULL when the grammar does not parse); the caller owns it until it joins a chain.</summary>
    public static unsafe nint CreateGrammar(LlamaGrammar grammar, nint vocab)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        if (grammar.TriggerPattern is not { } pattern)
        {
            return LlamaNative.SamplerInitGrammar(vocab, grammar.Text, LlamaGrammar.Root);
        }

        var utf8 = System.Text.Encoding.UTF8.GetBytes(pattern + "\0");
        var token = grammar.TriggerToken ?? 0;
        fixed (byte* patternBytes = utf8)
        {
            var patterns = stackalloc byte*[1];
            patterns[0] = patternBytes;
            return LlamaNative.SamplerInitGrammarLazyPatterns(
                vocab, grammar.Text, LlamaGrammar.Root, patterns, 1, &token, grammar.TriggerToken is null ? 0u : 1u);
        }
    }

    private static void Add(SafeLlamaSamplerHandle chain, nint sampler, string function) =>
        LlamaNative.SamplerChainAdd(chain, Check(sampler, function));

    private static nint Check(nint pointer, string function) =>
        pointer != 0 ? pointer : throw new InvalidOperationException($"{function} returned NULL.");
}
