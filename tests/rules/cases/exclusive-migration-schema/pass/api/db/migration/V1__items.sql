CREATE TABLE items (id INT);
