"""Continue pre-training a causal LM with the Hugging Face Trainer."""
from datasets import load_dataset
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    DataCollatorForLanguageModeling,
    Trainer,
    TrainingArguments,
)


class CausalLMFineTuner:
    def __init__(self, model_name="gpt2", output_dir="out"):
        self.tokenizer = AutoTokenizer.from_pretrained(model_name)
        self.tokenizer.add_special_tokens({"pad_token": "[PAD]"})
        self.model = AutoModelForCausalLM.from_pretrained(model_name)
        self.model.resize_token_embeddings(len(self.tokenizer))
        self.args = TrainingArguments(
            output_dir=output_dir,
            per_device_train_batch_size=8,
            gradient_accumulation_steps=4,
            learning_rate=5e-5,
            warmup_ratio=0.03,
            num_train_epochs=1,
            logging_steps=10,
        )

    def tokenize(self, batch):
        return self.tokenizer([t + self.tokenizer.eos_token for t in batch["text"]], truncation=True, max_length=512)

    def train(self, dataset_name="wikitext", config="wikitext-2-raw-v1"):
        ds = load_dataset(dataset_name, config)["train"].map(self.tokenize, batched=True, remove_columns=["text"])
        collator = DataCollatorForLanguageModeling(tokenizer=self.tokenizer, mlm=False)
        trainer = Trainer(model=self.model, args=self.args, train_dataset=ds, data_collator=collator)
        trainer.train()
