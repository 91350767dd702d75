"""A middleware of the tree named for validating something whose subject is a token
(`ResendTokenValidator`: it parses the body into a struct and answers 422 on a bad field) reads
no credential: it is no guard, whatever its name says. One that reads the Authorization header
and answers 401 (`TokenValidator`) is. Shape read in a fiber + gorm starter labelled before
auditor ran."""
from __future__ import annotations

from conftest import assert_routes, write_tree

TREE = {
    "go.mod": "module example.com/s\n\ngo 1.22\n\nrequire github.com/gofiber/fiber/v2 v2.52.0\n",
    "validator/user.go": (
        "package validator\n\n"
        "import \"github.com/gofiber/fiber/v2\"\n\n"
        "type ResendToken struct {\n\tEmail string `json:\"email\" validate:\"required,email\"`\n}\n\n"
        "func ResendTokenValidator(c *fiber.Ctx) error {\n"
        "\tbody := new(ResendToken)\n"
        "\tif err := c.BodyParser(body); err != nil {\n"
        "\t\treturn c.Status(422).JSON(fiber.Map{\"error\": \"unprocessable entity\"})\n\t}\n"
        "\tif body.Email == \"\" {\n"
        "\t\treturn c.Status(422).JSON(fiber.Map{\"error\": \"email\"})\n\t}\n"
        "\treturn c.Next()\n}\n\n"
        "func TokenValidator(c *fiber.Ctx) error {\n"
        "\tif c.Get(\"Authorization\") == \"\" {\n"
        "\t\treturn c.Status(fiber.StatusUnauthorized).JSON(fiber.Map{\"error\": \"token\"})\n\t}\n"
        "\treturn c.Next()\n}\n"),
    "main.go": (
        "package main\n\n"
        "import (\n\t\"github.com/gofiber/fiber/v2\"\n\n\t\"example.com/s/validator\"\n)\n\n"
        "func ok(c *fiber.Ctx) error { return c.JSON(fiber.Map{\"ok\": true}) }\n\n"
        "func main() {\n"
        "\tapp := fiber.New()\n"
        "\tapi := app.Group(\"/api/v1\")\n"
        "\tapi.Post(\"/auth/resend-registration-token\", validator.ResendTokenValidator, ok)\n"
        "\tapi.Get(\"/me\", validator.TokenValidator, ok)\n"
        "\tapp.Listen(\":3000\")\n"
        "}\n"),
}


def test_a_payload_validator_is_no_guard(tmp_path):
    assert_routes(write_tree(tmp_path, TREE), {
        ("POST", "/api/v1/auth/resend-registration-token", "none"),
        ("GET", "/api/v1/me", "required"),
    })
