namespace ChatHub.Inference.Tests.TestSupport;

/// <summary>
/// Every test that runs llama.cpp: one at a time (never in parallel with each other — concurrent decoding with more
/// threads than cores slows llama.cpp down by orders of magnitude), sharing the generated models of <see cref="LlamaFixture"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LlamaCollection : ICollectionFixture<LlamaFixture>
{
    public const string Name = "llama.cpp";
}
