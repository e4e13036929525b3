// Plain explanations for error messages (core/error_kind.h): the messages browsers, the hub and the
// readers really give map to the kind a student is told about; anything else stays unexplained.
#include <gtest/gtest.h>

#include "error_kind.h"

using namespace vitvis;

TEST(ErrorKind, BrowsersNetworkFailuresAreOffline) {
  EXPECT_EQ(error_kind("Could not read facebook/deit-tiny-patch16-224's config.json: https://huggingface.co/x: Failed to fetch"),
            ErrorKind::Offline);
  EXPECT_EQ(error_kind("NetworkError when attempting to fetch resource."), ErrorKind::Offline);
  EXPECT_EQ(error_kind("Load failed"), ErrorKind::Offline);
}

TEST(ErrorKind, FilesNotStoredForOfflineUseAreSaid) {
  // web/sw.js's answer offline for a file it does not have, as ort_glue.mjs reports it; its body; the
  // page's words when the browser knows it is offline.
  EXPECT_EQ(error_kind("The texts of 中文 are missing (i18n/zh-CN.json: HTTP 503 for i18n/zh-CN.json (Offline, not cached))."),
            ErrorKind::NotStored);
  EXPECT_EQ(error_kind("models/mnist-vit/model.onnx is not available offline (Failed to fetch)"), ErrorKind::NotStored);
  EXPECT_EQ(error_kind("fonts/cjk.ttf could not be fetched: this computer is offline"), ErrorKind::NotStored);
}

TEST(ErrorKind, HttpAnswersAreNamed) {
  EXPECT_EQ(error_kind("config.json: HTTP 404 Not Found. Still showing Fashion-MNIST ViT."), ErrorKind::NotFound);
  EXPECT_EQ(error_kind("model.safetensors: HTTP 401"), ErrorKind::Denied);
  EXPECT_EQ(error_kind("HTTP 403 for a gated repository"), ErrorKind::Denied);
}

TEST(ErrorKind, MemoryAndRefusedArchitectures) {
  EXPECT_EQ(error_kind("RangeError: Array buffer allocation failed: out of memory"), ErrorKind::TooBig);
  EXPECT_EQ(error_kind("The file is too large (3.1 GB)"), ErrorKind::TooBig);
  EXPECT_EQ(error_kind("this is a \"swin\" model; the app builds Hugging Face ViT"), ErrorKind::NotAViT);
  EXPECT_EQ(error_kind("The model's output does not fit the contract: no logits"), ErrorKind::NotAViT);
}

TEST(ErrorKind, OtherMessagesGetNoExplanation) {
  EXPECT_EQ(error_kind("Every class needs at least two examples; Cat has 1."), ErrorKind::Other);
  EXPECT_EQ(error_kind(""), ErrorKind::Other);
}
