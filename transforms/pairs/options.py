"""Options of the pair builder: plain frozen dataclasses, built by ``flows``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

OFFLINE_TASKS = ("section", "table", "reading", "text")
LLM_TASKS = ("llm-qa", "llm-chat")
ALL_TASKS = OFFLINE_TASKS + LLM_TASKS
GENERATOR_GROUPS = {"offline": OFFLINE_TASKS, "llm": LLM_TASKS, "all": ALL_TASKS}


def expand_generators(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Resolve group names (``offline``, ``llm``, ``all``) into tasks, keeping order."""
    out: list[str] = []
    for name in names:
        for task in GENERATOR_GROUPS.get(name, (name,)):
            if task not in ALL_TASKS:
                raise ValueError(f"unknown generator {task!r}; choose from {', '.join(ALL_TASKS)}")
            if task not in out:
                out.append(task)
    return tuple(out)


@dataclass(frozen=True)
class LlmOptions:
    """How to reach an OpenAI-compatible chat-completions endpoint and what to ask it."""

    base_url: str = "http://127.0.0.1:8080/v1"
    model: str = "local"
    api_key: str | None = field(default=None, repr=False)  # never hashed, never written
    concurrency: int = 4
    temperature: float = 0.2
    max_completion_tokens: int = 1024
    pairs_per_chunk: int = 3
    chat_turns: int = 3
    check: bool = True  # a second call judges answerability and faithfulness
    stream: bool = False
    response_format: str = "json_schema"  # "json_schema" | "json_object" | "none"
    timeout: float = 120.0
    max_retries: int = 6
    backoff_base: float = 1.0  # seconds; doubled per retry, with jitter
    backoff_max: float = 60.0
    prompts_dir: Path | None = None  # files here override the packaged prompts

    def settings(self) -> dict:
        """The settings worth recording in the dataset card (no key)."""
        data = asdict(self)
        data.pop("api_key")
        data["prompts_dir"] = str(self.prompts_dir) if self.prompts_dir else None
        return data


@dataclass(frozen=True)
class PairOptions:
    """What to generate and how strict the quality gates are."""

    generators: tuple[str, ...] = OFFLINE_TASKS
    context: str = "open"  # "open": the passage is in the user turn; "closed": question only
    system_prompt: str = ""  # a system turn added to every chat pair when not empty
    max_per_chunk: int = 4  # per offline task and chunk
    seed: int = 0
    eval_fraction: float = 0.1  # share of documents held out for evaluation
    max_pair_tokens: int = 2048  # longer pairs are dropped (gate too_long)
    min_answer_chars: int = 1
    min_grounding: float = 0.75  # share of answer content words found in the source chunk
    near_duplicate: float = 0.8  # Jaccard of question word-bigrams at or above = duplicate
    overlap_n: int = 8  # n-gram size of the eval-against-train overlap check
    tokenizer: str = "regex"
    llm: LlmOptions | None = None

    def settings(self) -> dict:
        """Generator and gate settings for the dataset card."""
        data = asdict(self)
        data["generators"] = list(self.generators)
        data["llm"] = self.llm.settings() if self.llm else None
        return data
